namespace GcTool.Benchmarks;

/// <summary>How the generated cache names and stores its archives (uv-cache-spec.md §3 and §9).</summary>
public enum CorpusLayout
{
    /// <summary><c>archive-v0/&lt;16 random-looking characters&gt;</c>, every file a file of its own.</summary>
    Classic,

    /// <summary>
    /// uv's <c>content-addressed-cache</c> preview: archive ids of 24 lowercase base-36 characters, every archive
    /// file a hardlink to one object <c>files-v0/&lt;2 hex&gt;/&lt;62 hex&gt;</c> named by the SHA-256 of its content
    /// (as the test simulator's <c>ContentAddressedStore</c> does; uv's own key format is unverified).
    /// </summary>
    ContentAddressed,
}
