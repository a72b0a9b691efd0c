using GcTool.Core.Collection;
using GcTool.Core.Pins;

namespace GcTool.Core.Reclaim;

/// <summary>
/// Decides, from a <see cref="CacheSurvey"/>, which stale buckets, staging leftovers and stale sdist revisions
/// gc reclaims. Pure: no I/O, so the dry run, the real run, <c>explain</c> and <c>status</c> share it.
/// </summary>
/// <remarks>
/// <para>The rules follow uv's own prune (uv-cache-spec §7), minus what could still be in use:</para>
/// <list type="bullet">
/// <item>A bucket uv's history calls stale (<see cref="BucketHistory"/>) goes once nothing in it changed within
/// --min-age: an older uv still writing there keeps it. <c>archive-v*</c> never goes as a whole, and a version
/// newer than gctool knows is never touched (the survey does not even measure them).</item>
/// <item>Pointer buckets (<c>wheels-v*</c>, <c>sdists-v*</c>, <c>environments-v*</c>) hold no references gctool
/// keeps entries by (only environments and pins do), and gc plans entries from the pointer index before it
/// reclaims them: an entry only a stale bucket pointed to is then an ordinary unreferenced entry, and one a venv
/// uses stays.</item>
/// <item>The highest <c>sdists-v*</c> present holds gctool's pins, so it is never reclaimed whole.</item>
/// <item>--keep-stale-buckets keeps stale buckets (a cache that deliberately serves an older uv); staging
/// leftovers and stale revisions are the current uv's own garbage and go regardless.</item>
/// </list>
/// </remarks>
public static class ReclaimPlanner
{
    public static ReclaimPlan Plan(CacheSurvey survey, long now, TimeSpan minAge, bool keepStaleBuckets)
    {
        var pinsBucket = PinDirectory.CurrentBucket(survey.TopLevelNames);
        var items = new List<ReclaimItem>();
        var kept = new List<KeptReclaimItem>();
        var trashNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in survey.Directories.OrderBy(d => d.RelativePath, StringComparer.Ordinal))
        {
            var category = directory.Kind switch
            {
                SurveyedKind.Bucket => ReclaimCategory.StaleBucket,
                SurveyedKind.Staging => ReclaimCategory.StagingLeftover,
                _ => ReclaimCategory.StaleSdistRevision,
            };
            if (category == ReclaimCategory.StaleBucket && directory.Bucket is not { Standing: BucketStanding.Stale }) continue;
            if (directory.Bucket?.Family == BucketHistory.ArchiveFamily && category == ReclaimCategory.StaleBucket) continue;
            var trashName = UniqueTrashName(directory, trashNames);
            if (trashName is null) continue; // a name gctool cannot give in its trash: left alone
            var item = Item(directory, category, survey, trashName, now);
            var keep = category == ReclaimCategory.StaleBucket && keepStaleBuckets ? ReclaimKeepReason.KeepStaleBuckets
                : category == ReclaimCategory.StaleBucket && directory.Name == pinsBucket ? ReclaimKeepReason.HoldsPins
                : !directory.Tree.Complete ? ReclaimKeepReason.Unreadable
                : now - directory.Tree.NewestChangeUnix < (long)minAge.TotalSeconds ? ReclaimKeepReason.TooYoung
                : (ReclaimKeepReason?)null;
            if (keep is { } reason)
            {
                kept.Add(new KeptReclaimItem(item, reason));
                trashNames.Remove(trashName);
            }
            else items.Add(item);
        }
        return new ReclaimPlan(items, kept);
    }

    private static ReclaimItem Item(SurveyedDirectory directory, ReclaimCategory category, CacheSurvey survey, string trashName, long now)
    {
        var bucket = directory.Bucket;
        int? newer = null;
        if (category == ReclaimCategory.StaleBucket && bucket is not null)
            newer = survey.TopLevelNames.Select(BucketHistory.Parse)
                .Where(b => b is not null && b.Family == bucket.Family && b.Version > bucket.Version)
                .Select(b => (int?)b!.Version).Max();
        return new ReclaimItem(category, directory.RelativePath, $"{survey.Root}/{directory.RelativePath}", bucket?.Name, bucket?.Version,
            bucket is { CurrentVersion: >= 0 } ? bucket.CurrentVersion : null, newer, directory.CurrentRevision,
            directory.Tree.NewestChangeUnix, Math.Max(0, now - directory.Tree.NewestChangeUnix), directory.Tree.Bytes, directory.Tree.Files, trashName, directory.Tree, directory.ParentModifiedNs);
    }

    /// <summary>
    /// <c>bucket-&lt;name&gt;</c>, <c>staging-[&lt;bucket&gt;-]&lt;name without its dot&gt;</c>, <c>revision-&lt;rev&gt;</c>:
    /// never an entry's <c>&lt;bucket&gt;-&lt;id&gt;</c> (those start with <c>archive-</c>); a second revision of the
    /// same name in this plan gets a suffix. Null when the result is not a name the trash journal accepts.
    /// </summary>
    private static string? UniqueTrashName(SurveyedDirectory directory, HashSet<string> taken)
    {
        var name = directory.Kind switch
        {
            SurveyedKind.Bucket => $"bucket-{directory.Name}",
            SurveyedKind.Staging when directory.Bucket is { } bucket => $"staging-{bucket.Name}-{directory.Name.TrimStart('.')}",
            SurveyedKind.Staging => $"staging-{directory.Name.TrimStart('.')}",
            _ => $"revision-{directory.Name}",
        };
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{name}.{n}";
        if (TrashJournal.IsValidName(unique)) return unique;
        taken.Remove(unique);
        return null;
    }

    /// <summary>Trash names this planner gives; anything else in a run directory is an entry's.</summary>
    public static bool IsReclaimTrashName(string name) =>
        name.StartsWith("bucket-", StringComparison.Ordinal) || name.StartsWith("staging-", StringComparison.Ordinal)
        || name.StartsWith("revision-", StringComparison.Ordinal);
}
