using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GcTool.IntegrationTests.Postgres;

/// <summary>
/// Marks a test class whose tests need a real PostgreSQL server. Its <see cref="PostgresFactAttribute"/>,
/// <see cref="Store.StoreFactAttribute"/> and <see cref="Store.StoreTheoryAttribute"/> tests are
/// reported as skipped, with the reason, when no server can be started on this machine.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    /// <summary>Why no server can be started here (checked once, cheaply: binaries and a user to run them as), or null.</summary>
    public static string? SkipReason => Problem.Value;

    private static readonly Lazy<string?> Problem = new(PostgresServer.AvailabilityProblem);

    internal static string? SkipReasonFor(ITestMethod method) =>
        method.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<RequiresPostgresAttribute>() is null ? null : SkipReason;
}

/// <summary>A fact that needs PostgreSQL; skipped with the reason when no server can be started.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (RequiresPostgresAttribute.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>Discovers a fact normally, or as skipped when its class needs PostgreSQL and none can be started.</summary>
public sealed class ConditionalFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        RequiresPostgresAttribute.SkipReasonFor(method) is { } reason
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason)]
            : base.Discover(options, method, attribute);
}

/// <summary>As <see cref="ConditionalFactDiscoverer"/>, for theories.</summary>
public sealed class ConditionalTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        RequiresPostgresAttribute.SkipReasonFor(method) is { } reason
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason)]
            : base.Discover(options, method, attribute);
}

/// <summary>A theory that needs PostgreSQL; skipped with the reason when no server can be started.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (RequiresPostgresAttribute.SkipReason is { } reason) Skip = reason;
    }
}
