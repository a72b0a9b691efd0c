using System.Reflection;

namespace GcTool.Core.Store;

/// <summary>
/// One schema change: the SQL of <c>schema/&lt;dialect&gt;/NNNN_name.sql</c>, applied as version
/// <see cref="Version"/>. Each store backend embeds its dialect's files and applies them in order.
/// </summary>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>Refuses a list that is not numbered 1..N without gaps: the version a database records is the number of migrations applied.</summary>
    public static IReadOnlyList<SchemaMigration> RequireNumberedWithoutGaps(IReadOnlyList<SchemaMigration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new ArgumentException(
                    $"migrations must be numbered 1..N without gaps; position {i + 1} holds {migrations[i].Version} ({migrations[i].Name})",
                    nameof(migrations));
        }
        return migrations;
    }

    /// <summary>The migrations embedded in <paramref name="assembly"/> as resources named <c>&lt;prefix&gt;NNNN_name.sql</c>, in order.</summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded(Assembly assembly, string resourcePrefix)
    {
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            var name = resource[resourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(name[..underscore], out var version))
                throw new InvalidOperationException($"migration resource {resource} is not named NNNN_name.sql");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, name, reader.ReadToEnd()));
        }
        return migrations.OrderBy(m => m.Version).ToArray();
    }
}
