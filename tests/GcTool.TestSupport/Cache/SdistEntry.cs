namespace GcTool.TestSupport;

/// <summary>
/// A source distribution the simulator "built": the shard <c>sdists-v9/pypi/&lt;name&gt;/&lt;ver&gt;/</c>,
/// the revision directory that holds <c>src/</c>, <c>metadata.msgpack</c>, the built <c>.whl</c>
/// and the <c>&lt;STEM&gt;</c> link to <see cref="Archive"/>.
/// </summary>
public sealed record SdistEntry(ArchiveEntry Archive, string ShardPath, string Revision)
{
    public string RevisionPath => Path.Combine(ShardPath, Revision);
    public string StemLinkPath => Archive.PointerPath!;
    public string RevisionPointerPath => Path.Combine(ShardPath, "revision.http");
}
