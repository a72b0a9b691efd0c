namespace GcTool.Core.Platform;

/// <summary>
/// The home directories in the passwd database (<c>/etc/passwd</c>): where, as root, gctool looks for
/// every user's uv tool directory.
/// </summary>
/// <remarks>
/// Read through <see cref="IBoundedFileReader"/>: bounded and non-blocking, never through a final
/// symlink, so a passwd file swapped for a FIFO or a huge file cannot hang a nightly gc. Only the
/// local file is read (no NSS: a directory service with 100k users is not a list of homes on this
/// host). A line that does not have seven fields or whose home is not absolute is skipped; a file that
/// cannot be read yields no homes, which only means fewer implicit roots, never a deletion (implicit
/// roots once registered stay registered and are checked like any root).
/// </remarks>
public static class PasswdHomes
{
    public const string DefaultPath = "/etc/passwd";

    /// <summary>Real passwd files are a few KiB; anything past this is not one.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>Distinct absolute homes, in file order, or none when the file cannot be read.</summary>
    public static IReadOnlyList<string> Read(IBoundedFileReader reader, string path)
    {
        var read = reader.Read(path, MaxBytes);
        if (!read.HasContent) return [];
        var homes = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in System.Text.Encoding.UTF8.GetString(read.Content!).Split('\n'))
        {
            var fields = line.Split(':');
            if (fields.Length != 7 || line.StartsWith('#')) continue;
            var home = fields[5];
            if (!Path.IsPathFullyQualified(home) || home.Contains('\0')) continue;
            if (seen.Add(home)) homes.Add(home);
        }
        return homes;
    }
}
