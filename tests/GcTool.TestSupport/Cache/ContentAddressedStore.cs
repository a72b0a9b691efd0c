using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// The content-addressed persist of uv's <c>content-addressed-cache</c> preview (#19693, #21327; spec §9):
/// the archive id is a digest of the extracted tree written as 24 lowercase base-36 characters;
/// <c>persist_with_id</c> reuses an archive that already exists; every regular file of a new archive
/// is stored once in <c>files-v0</c>, keyed by content digest and executable bit, and hardlinked
/// into <c>archive-v0/&lt;id&gt;/…</c>.
/// </summary>
/// <remarks>
/// Only those facts come from uv (release notes and PR texts; uv's source after 0.12.5 was not
/// read). The rest is this simulator's choice and <b>unverified</b>: the tree digest is SHA-256 here
/// (uv uses BLAKE3) over sorted (path, kind, executable bit, content digest); the object key is
/// <c>files-v0/&lt;2 hex&gt;/&lt;62 hex&gt;[-x]</c> of the content's SHA-256, <c>-x</c> marking an
/// executable object. gctool must not depend on the key format: it only reads link counts.
/// Symlinks in an archive (a symlink-mode cached venv) are not objects and stay as they are.
/// </remarks>
public static class ContentAddressedStore
{
    public const string FilesBucket = "files-v0";
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// Persists <paramref name="staging"/> into <c>&lt;root&gt;/archive-v0</c>: returns the content id, and
    /// whether an archive of that id already existed (then the staging directory is simply discarded).
    /// </summary>
    public static (string Id, bool Reused) Persist(string root, string staging)
    {
        var id = TreeId(staging);
        var archive = Path.Combine(root, UvCacheBuilder.ArchiveBucket);
        Directory.CreateDirectory(archive);
        var target = Path.Combine(archive, id);
        if (FileTree.Exists(target))
        {
            FileTree.DeleteTree(staging);
            return (id, true);
        }
        StoreFiles(root, staging);
        Libc.Rename(staging, target);
        return (id, false);
    }

    /// <summary>Makes every regular file under <paramref name="staging"/> a hardlink to its <c>files-v0</c> object.</summary>
    public static void StoreFiles(string root, string staging)
    {
        foreach (var file in FileTree.Walk(staging).Where(p => FileTree.KindOf(p) == FileKind.File).ToList())
            LinkToObject(root, file);
    }

    /// <summary>A content-style id (24 lowercase base-36 characters) for a test that must name an archive before building it.</summary>
    public static string IdFor(string seed) => ToBase36(SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..15]);

    /// <summary>The object that holds <paramref name="file"/>'s content: <c>files-v0/&lt;2 hex&gt;/&lt;62 hex&gt;[-x]</c>.</summary>
    public static string ObjectPath(string root, string file)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var executable = (UnixModes.Get(file) & UnixFileMode.UserExecute) != 0;
        return Path.Combine(root, FilesBucket, digest[..2], digest[2..] + (executable ? "-x" : ""));
    }

    /// <summary>Every object in <c>files-v0</c>.</summary>
    public static IReadOnlyList<string> Objects(string root)
    {
        var bucket = Path.Combine(root, FilesBucket);
        return Directory.Exists(bucket) ? FileTree.Walk(bucket).Where(p => FileTree.KindOf(p) == FileKind.File).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>uv's cleanup of the store: every object whose link count fell to 1 (only its files-v0 name is left) goes.</summary>
    public static IReadOnlyList<string> RemoveUnlinkedObjects(string root)
    {
        var removed = new List<string>();
        foreach (var path in Objects(root))
        {
            if (FileTree.LStat(path).LinkCount != 1) continue;
            File.Delete(path);
            removed.Add(path);
        }
        return removed;
    }

    /// <summary>Replaces <paramref name="file"/> by a hardlink to its object, creating the object from it when new.</summary>
    private static void LinkToObject(string root, string file)
    {
        var obj = ObjectPath(root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(obj)!);
        if (!FileTree.Exists(obj))
        {
            try
            {
                Libc.Link(file, obj);
                return;
            }
            catch (IOException) when (FileTree.Exists(obj)) { /* another persist stored it first */ }
        }
        var temp = Path.Combine(Path.GetDirectoryName(file)!, ArchiveIds.TempName());
        Libc.Link(obj, temp);
        Libc.Rename(temp, file);
    }

    /// <summary>24 lowercase base-36 characters of a digest over the tree's sorted (path, kind, executable bit, content).</summary>
    public static string TreeId(string directory)
    {
        var text = new StringBuilder();
        foreach (var path in FileTree.Walk(directory).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, path);
            var status = FileTree.LStat(path);
            text.Append(relative).Append('\0').Append(status.Kind).Append('\0');
            if (status.Kind == FileKind.File)
                text.Append((UnixModes.Get(path) & UnixFileMode.UserExecute) != 0 ? 'x' : '-')
                    .Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            else if (status.Kind == FileKind.Symlink)
                text.Append(new FileInfo(path).LinkTarget);
            text.Append('\n');
        }
        return ToBase36(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..15]);
    }

    /// <summary>15 bytes (120 bits) fit in 24 base-36 digits (36^24 ≈ 2^124).</summary>
    private static string ToBase36(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var digits = new char[24];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Base36[(int)(value % 36)];
            value /= 36;
        }
        return new string(digits);
    }
}
