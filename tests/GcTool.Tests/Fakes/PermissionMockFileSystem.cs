using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Runtime.Versioning;

namespace GcTool.Tests.Fakes;

/// <summary>
/// A <see cref="MockFileSystem"/> where chosen directories obey POSIX permission bits the way a
/// non-root user sees them: listing needs u+r, removing an entry needs u+wx on its directory, and
/// (with <see cref="LocalFakeStatReader"/>) lstat of an entry needs u+x on its directory.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class PermissionMockFileSystem : MockFileSystem
{
    private const UnixFileMode ListBits = UnixFileMode.UserRead; // opendir needs r only
    private const UnixFileMode ModifyBits = UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly HashSet<string> _enforced = new(StringComparer.Ordinal);
    private IFile? _file;
    private IDirectory? _directory;

    public override IFile File => _file ??= new CheckedFile(this);

    public override IDirectory Directory => _directory ??= new CheckedDirectory(this);

    /// <summary>Runs after a directory is listed, before the listing is returned.</summary>
    public Action<string>? AfterList { get; set; }

    /// <summary>Enforces <paramref name="mode"/> on a directory (creating it if needed). Call it after adding
    /// the directory's contents: adding a file below a directory resets the mock's mode.</summary>
    public void AddEnforcedDirectory(string path, UnixFileMode mode)
    {
        AddDirectory(path);
        File.SetUnixFileMode(path, mode);
        _enforced.Add(path);
    }

    /// <summary>Whether lstat may look into <paramref name="directory"/> (needs u+x).</summary>
    public bool CanSearch(string directory) =>
        !_enforced.Contains(directory) || (File.GetUnixFileMode(directory) & UnixFileMode.UserExecute) != 0;

    private void Demand(string directory, UnixFileMode bits)
    {
        if (_enforced.Contains(directory) && (File.GetUnixFileMode(directory) & bits) != bits)
            throw new UnauthorizedAccessException($"Access to the path '{directory}' is denied.");
    }

    private void DemandParent(string path) => Demand(Path.GetDirectoryName(path) ?? "/", ModifyBits);

    private sealed class CheckedFile(PermissionMockFileSystem fs) : MockFile(fs)
    {
        public override void Delete(string path)
        {
            fs.DemandParent(path);
            base.Delete(path);
        }
    }

    private sealed class CheckedDirectory(PermissionMockFileSystem fs) : MockDirectory(fs, "/")
    {
        public override IEnumerable<string> EnumerateFileSystemEntries(string path, string searchPattern, EnumerationOptions enumerationOptions)
        {
            fs.Demand(path, ListBits);
            var entries = base.EnumerateFileSystemEntries(path, searchPattern, enumerationOptions).ToList();
            fs.AfterList?.Invoke(path);
            return entries;
        }

        /// <summary>The one-argument overload (what <c>DirectoryReader</c> calls) is checked too.</summary>
        public override IEnumerable<string> EnumerateFileSystemEntries(string path)
        {
            fs.Demand(path, ListBits);
            return base.EnumerateFileSystemEntries(path);
        }

        public override void Delete(string path, bool recursive)
        {
            fs.DemandParent(path);
            base.Delete(path, recursive);
        }
    }
}
