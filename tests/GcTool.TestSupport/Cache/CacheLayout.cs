namespace GcTool.TestSupport;

/// <summary>How the simulated uv stores archives (spec §9).</summary>
public enum CacheLayout
{
    /// <summary>uv 0.12.5 and the default today: a random 16-character id per persist, each archive file its own inode.</summary>
    Classic = 0,

    /// <summary>
    /// uv ≥ 0.12.8 with the <c>content-addressed-cache</c> preview: the id is a digest of the extracted
    /// tree (24 lowercase base-36 characters), an existing archive is reused, and every archive file is
    /// a hardlink to one object in <c>files-v0</c> shared by every archive (and hardlink venv) with the same content.
    /// </summary>
    ContentAddressed,
}
