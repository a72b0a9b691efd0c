using System.Text;
using GcTool.Core.Cache;
using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// uv's <c>install_wheel</c> from an unpacked archive entry (crates/uv-install-wheel, uv-fs/link.rs),
/// in the order uv does it:
/// 1. link the archive tree into site-packages (directories real, files linked one by one,
///    any file named RECORD copied);
/// 2. read RECORD from the archive;
/// 3. write entry-point launchers into <c>bin/</c> as new real files;
/// 4. move <c>&lt;dist&gt;.data/</c> by rename (scripts → bin, data → venv root, headers → include/site,
///    purelib/platlib → site-packages), rewriting <c>#!python</c> scripts as real files;
/// 5. write INSTALLER and REQUESTED as real files, then the final RECORD through the copy.
/// </summary>
internal static class WheelInstaller
{
    public static InstalledWheel Install(VenvBuilder venv, ArchiveEntry entry, UvLinkMode mode, string? cacheRootAsSeen, Func<string, bool>? linkLimitReached)
    {
        if (entry.Kind != EntryKind.Wheel) throw new ArgumentException($"{entry} is a cached venv, not a wheel", nameof(entry));
        var spec = entry.Wheel;
        var site = venv.SitePackages;
        var archiveAsSeen = $"{Core.Paths.TrimTrailingSeparator(cacheRootAsSeen ?? entry.CacheRoot)}/{entry.RelativePath}";

        // 1. Link the tree.
        var linker = new FileLinker(mode, linkLimitReached is null ? null : p => linkLimitReached(Path.GetRelativePath(entry.Path, p)));
        foreach (var source in FileTree.Walk(entry.Path))
        {
            var relative = Path.GetRelativePath(entry.Path, source);
            var destination = Path.Combine(site, relative);
            if (FileTree.KindOf(source) == FileKind.Directory) Directory.CreateDirectory(destination);
            else if (Path.GetFileName(source) == "RECORD") FileLinker.CopyFile(source, destination);
            else linker.Link(source, $"{archiveAsSeen}/{relative}", destination);
        }

        // 2. RECORD as shipped.
        var distInfo = Path.Combine(site, spec.DistInfoDir);
        var record = RecordFile.Read(Path.Combine(entry.Path, spec.DistInfoDir, "RECORD"));

        // 3. Entry points.
        foreach (var script in spec.ConsoleScripts)
        {
            var content = Encoding.UTF8.GetBytes(Launcher(venv, script));
            var path = Path.Combine(venv.BinDirectory, script.Name);
            FileLinker.WriteReal(path, content, UnixModes.Executable);
            record.Set(Path.GetRelativePath(site, path), content);
        }

        // 4. The .data directory.
        var data = Path.Combine(site, spec.DataDir);
        if (Directory.Exists(data))
        {
            InstallData(venv, spec, data, record);
            FileTree.DeleteTree(data);
        }

        // 5. uv's own files, then RECORD.
        foreach (var (name, content) in new[] { ("INSTALLER", "uv"u8.ToArray()), ("REQUESTED", Array.Empty<byte>()) })
        {
            FileLinker.WriteReal(Path.Combine(distInfo, name), content);
            record.Set($"{spec.DistInfoDir}/{name}", content);
        }
        File.WriteAllText(Path.Combine(distInfo, "RECORD"), record.ToString());

        return new InstalledWheel(entry, distInfo, linker.Mode, archiveAsSeen);
    }

    private static void InstallData(VenvBuilder venv, WheelSpec spec, string data, RecordFile record)
    {
        foreach (var kind in Directory.EnumerateDirectories(data).Order(StringComparer.Ordinal))
        {
            switch (Path.GetFileName(kind))
            {
                case "scripts": InstallScripts(venv, spec, kind, record); break;
                case "data": MoveRecorded(venv, kind, venv.Path, record); break;
                case "headers": MoveRecorded(venv, kind, Path.Combine(venv.IncludeSiteDirectory, spec.PackageName), record); break;
                case "purelib" or "platlib": MoveRecorded(venv, kind, venv.SitePackages, record); break;
                default: throw new InvalidDataException($"unknown wheel data type: {kind}");
            }
        }
    }

    /// <summary><c>move_folder_recorded</c>: directories created, files renamed (a link moves as-is).</summary>
    private static void MoveRecorded(VenvBuilder venv, string sourceDirectory, string destinationDirectory, RecordFile record)
    {
        Directory.CreateDirectory(destinationDirectory);
        foreach (var source in FileTree.Walk(sourceDirectory).ToList())
        {
            var target = Path.Combine(destinationDirectory, Path.GetRelativePath(sourceDirectory, source));
            if (FileTree.KindOf(source) == FileKind.Directory)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Libc.Rename(source, target);
            record.Rename(Path.GetRelativePath(venv.SitePackages, source), Path.GetRelativePath(venv.SitePackages, target));
        }
    }

    /// <summary>
    /// <c>install_script</c>: a <c>#!python</c> script is rewritten with the venv's shebang into a new
    /// real file; an executable one is renamed (a symlink stays a symlink); another is copied and made +x.
    /// </summary>
    private static void InstallScripts(VenvBuilder venv, WheelSpec spec, string scripts, RecordFile record)
    {
        Directory.CreateDirectory(venv.BinDirectory);
        foreach (var source in Directory.EnumerateFileSystemEntries(scripts).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(source);
            if (spec.ConsoleScripts.Any(s => s.Name == name)) continue; // uv writes the launcher instead
            var target = Path.Combine(venv.BinDirectory, name);
            var content = File.ReadAllBytes(source); // follows a symlink into the archive, as uv's File::open does
            if (content.AsSpan().StartsWith("#!python"u8))
            {
                var firstLineEnd = Array.IndexOf(content, (byte)'\n');
                var rest = firstLineEnd < 0 ? [] : content[(firstLineEnd + 1)..];
                var rewritten = Encoding.UTF8.GetBytes(Shebang(venv) + "\n").Concat(rest).ToArray();
                FileLinker.WriteReal(target, rewritten, UnixModes.Executable);
                File.Delete(source);
                record.Rename(Path.GetRelativePath(venv.SitePackages, source), Path.GetRelativePath(venv.SitePackages, target));
                record.Set(Path.GetRelativePath(venv.SitePackages, target), rewritten);
                continue;
            }
            var mode = UnixModes.Get(NativeFileStatReader.Instance.TryRealPath(source) ?? source); // fs::metadata follows links
            if ((mode & UnixModes.AllExecute) == UnixModes.AllExecute) Libc.Rename(source, target);
            else
            {
                FileLinker.WriteReal(target, content, mode | UnixModes.AllExecute);
                File.Delete(source);
            }
            record.Rename(Path.GetRelativePath(venv.SitePackages, source), Path.GetRelativePath(venv.SitePackages, target));
        }
    }

    /// <summary>uv's <c>format_shebang</c> for POSIX: absolute, or the <c>/bin/sh</c> trampoline when relocatable or long.</summary>
    private static string Shebang(VenvBuilder venv)
    {
        var executable = venv.PythonExecutable;
        if (!venv.Relocatable && executable.Length + 3 <= 127 && !executable.Contains(' ')) return $"#!{executable}";
        var target = venv.Relocatable ? "\"$(dirname -- \"$(realpath -- \"$0\")\")\"/'python'" : $"'{executable.Replace("'", "'\\''")}'";
        return $"#!/bin/sh\n'''exec' {target} \"$0\" \"$@\"\n' '''";
    }

    private static string Launcher(VenvBuilder venv, ConsoleScript script) =>
        $"""
        {Shebang(venv)}
        # -*- coding: utf-8 -*-
        import sys
        from {script.Module} import {script.Function.Split('.')[0]}
        if __name__ == "__main__":
            if sys.argv[0].endswith("-script.pyw"):
                sys.argv[0] = sys.argv[0][:-11]
            elif sys.argv[0].endswith(".exe"):
                sys.argv[0] = sys.argv[0][:-4]
            sys.exit({script.Function}())

        """;
}
