using GcTool.Core.Platform;

namespace GcTool.Core.Reclaim;

/// <summary>What kind of directory the survey measured.</summary>
public enum SurveyedKind
{
    /// <summary>A top-level <c>&lt;bucket&gt;-v&lt;N&gt;</c> that uv's history calls stale.</summary>
    Bucket,
    /// <summary>A <c>.tmp*</c> directory at the cache root or in <c>builds-v*</c> (uv's <c>tempdir_in</c>).</summary>
    Staging,
    /// <summary>A revision directory of an sdist shard in the current <c>sdists-v*</c> that its revision pointer does not name.</summary>
    Revision,
}

/// <summary>One directory below a surveyed tree, with the mtime it had: what the re-check under the lock compares.</summary>
/// <param name="RelativePath">Relative to the cache root.</param>
public readonly record struct DirectoryMark(string RelativePath, long ModifiedNs);

/// <summary>A tree's facts, read without the lock.</summary>
/// <param name="Id">The top directory's device and inode.</param>
/// <param name="Bytes">Apparent size of its regular files.</param>
/// <param name="NewestChangeUnix">The newest mtime or ctime of anything in it, itself included (Unix seconds).</param>
/// <param name="Directories">Every directory in it with its mtime, itself first.</param>
/// <param name="Complete">False when some directory could not be listed: its age is then unknown.</param>
public sealed record TreeFacts(FileId Id, long Bytes, long Files, long NewestChangeUnix, IReadOnlyList<DirectoryMark> Directories, bool Complete);

/// <summary>A measured candidate directory.</summary>
/// <param name="RelativePath">Relative to the cache root, e.g. <c>wheels-v5</c>, <c>.tmpAb12Cd</c>, <c>sdists-v9/pypi/bar/2.0/&lt;REV&gt;</c>.</param>
/// <param name="Bucket">The bucket it is (<see cref="SurveyedKind.Bucket"/>) or lies in; null for a root staging directory.</param>
/// <param name="CurrentRevision">For a revision: the revision its shard's pointer names.</param>
/// <param name="ParentModifiedNs">For a revision: its shard directory's mtime (a repointed revision changes it).</param>
public sealed record SurveyedDirectory(string RelativePath, SurveyedKind Kind, BucketName? Bucket, string? CurrentRevision, long? ParentModifiedNs, TreeFacts Tree)
{
    public string Name => Path.GetFileName(RelativePath);
    public string ParentPath => Path.GetDirectoryName(RelativePath) ?? "";
}

/// <summary>
/// The cache root as it is before the lock: every top-level name, and sizes and ages of the directories
/// that uv's prune would remove (stale buckets, staging leftovers, stale sdist revisions). The slow part
/// (walking every file) happens here, so the re-check under uv's lock only compares directory mtimes.
/// </summary>
/// <param name="Root">The cache's real root, for absolute paths in reports.</param>
public sealed record CacheSurvey(string Root, IReadOnlyList<string> TopLevelNames, IReadOnlyList<SurveyedDirectory> Directories)
{
    public static CacheSurvey Empty(string root) => new(root, [], []);
}
