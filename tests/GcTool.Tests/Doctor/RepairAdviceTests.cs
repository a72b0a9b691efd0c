using GcTool.Core.Doctor;
using GcTool.Core.Environments;

namespace GcTool.Tests.Doctor;

public class RepairAdviceTests
{
    private static readonly EnvPath ProjectVenv = new("/home/dev/app/.venv");

    [Fact]
    public void ProjectVenv_WithKnownDistributions_ReinstallsThoseWithUvSync()
    {
        var (kind, command) = RepairAdvice.For(ProjectVenv, "/home/dev/app", ["Foo_Bar", "numpy"], hasUnattributed: false);
        Assert.Equal(RepairKind.ReinstallPackages, kind);
        Assert.Equal("cd /home/dev/app && uv sync --reinstall-package foo-bar --reinstall-package numpy", command);
    }

    [Fact]
    public void ProjectVenv_WithUnattributedFiles_IsRecreated()
    {
        var (kind, command) = RepairAdvice.For(ProjectVenv, "/home/dev/app", ["foo"], hasUnattributed: true);
        Assert.Equal(RepairKind.RecreateProjectVenv, kind);
        Assert.Equal("cd /home/dev/app && rm -rf .venv && uv sync", command);
    }

    [Fact]
    public void ProjectVenv_NotNamedDotVenv_NamesItThroughUvProjectEnvironment()
    {
        var (_, command) = RepairAdvice.For(new EnvPath("/home/dev/app/venv"), "/home/dev/app", ["foo"], hasUnattributed: false);
        Assert.Equal("cd /home/dev/app && UV_PROJECT_ENVIRONMENT=venv uv sync --reinstall-package foo", command);
    }

    [Fact]
    public void PlainVenv_ReinstallsWithUvPip()
    {
        var (kind, command) = RepairAdvice.For(new EnvPath("/srv/ci/env"), null, ["foo"], hasUnattributed: false);
        Assert.Equal(RepairKind.PipReinstall, kind);
        Assert.Equal("uv pip install --python /srv/ci/env --reinstall foo", command);
    }

    [Fact]
    public void PlainVenv_WithUnattributedFiles_IsRecreatedFromItsFreeze()
    {
        var (kind, command) = RepairAdvice.For(new EnvPath("/srv/ci/env"), null, [], hasUnattributed: true);
        Assert.Equal(RepairKind.RecreateVenv, kind);
        Assert.Contains("uv venv --clear /srv/ci/env", command);
    }

    [Theory]
    [InlineData("/plain/path", "/plain/path")]
    [InlineData("/with space/x", "'/with space/x'")]
    [InlineData("/it's", "'/it'\\''s'")]
    [InlineData("/semi;colon", "'/semi;colon'")]
    public void Paths_AreShellQuoted(string path, string quoted) => Assert.Equal(quoted, RepairAdvice.Quote(path));
}
