using GcTool.Cli.Output;
using GcTool.Core.Reclaim;

namespace GcTool.IntegrationTests.Cli;

/// <summary>The words gc says about a reclaim directory it left or could not remove, from the kind and its detail.</summary>
public class ReclaimTextTests
{
    [Fact]
    public void Problem_ChangedSinceSurvey_NamesTheDirectoryThatChanged() =>
        Assert.Equal("simple-v23/pypi changed since the survey (a uv is using it?); left for the next gc",
            ReclaimText.Problem(new ReclaimProblem(ReclaimProblemKind.ChangedSinceSurvey, "simple-v23/pypi")));

    [Fact]
    public void Problem_NotTheSurveyedDirectory_SaysItIsLeftAlone() =>
        Assert.Equal("is no longer the directory surveyed; left alone", ReclaimText.Problem(new ReclaimProblem(ReclaimProblemKind.NotTheSurveyedDirectory)));

    [Fact]
    public void Problem_NoTrash_GivesTheTrashsReason_OrSaysThereIsNone()
    {
        Assert.Equal("cannot create the trash: No space left on device (ENOSPC)",
            ReclaimText.Problem(new ReclaimProblem(ReclaimProblemKind.NoTrash, "cannot create the trash: No space left on device (ENOSPC)")));
        Assert.Equal("no trash directory; left untouched", ReclaimText.Problem(new ReclaimProblem(ReclaimProblemKind.NoTrash)));
    }

    [Fact]
    public void Problem_MoveFailed_IsTheTrashsOwnAccount() =>
        Assert.Equal("cannot move into the trash: Permission denied (EACCES)",
            ReclaimText.Problem(new ReclaimProblem(ReclaimProblemKind.MoveFailed, "cannot move into the trash: Permission denied (EACCES)")));

    [Fact]
    public void Problem_None_WhenTheDirectoryWentAsPlanned() => Assert.Null(ReclaimText.Problem(null));
}
