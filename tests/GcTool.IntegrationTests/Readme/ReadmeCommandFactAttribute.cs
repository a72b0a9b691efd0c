namespace GcTool.IntegrationTests.Readme;

/// <summary>
/// A fact that builds gctool from a fresh copy of the checkout: it needs git (to list the checkout's
/// files) and the .NET SDK on PATH. <c>GCTOOL_TEST_README=off</c> skips it (it takes minutes).
/// </summary>
public sealed class ReadmeCommandFactAttribute : FactAttribute
{
    public ReadmeCommandFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("GCTOOL_TEST_README") == "off") Skip = "GCTOOL_TEST_README=off";
        else if (Checkout.Which("git") is null) Skip = "git is not on PATH (it lists the checkout's files)";
        else if (!Checkout.IsGitCheckout) Skip = $"{Checkout.Root} is not a git checkout";
        else if (Checkout.Which("dotnet") is null) Skip = "dotnet is not on PATH";
    }
}
