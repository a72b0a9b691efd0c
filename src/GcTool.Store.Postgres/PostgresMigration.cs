namespace GcTool.Store.Postgres;

/// <summary>One schema change: the SQL of <c>schema/postgres/NNNN_name.sql</c>, recorded as version <see cref="Version"/>.</summary>
public sealed record PostgresMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "schema.postgres.";

    /// <summary>The migrations compiled into this assembly (from <c>schema/postgres/*.sql</c>), in order.</summary>
    public static IReadOnlyList<PostgresMigration> Embedded { get; } = LoadEmbedded();

    private static IReadOnlyList<PostgresMigration> LoadEmbedded()
    {
        var assembly = typeof(PostgresMigration).Assembly;
        var migrations = new List<PostgresMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_');
            if (underscore <= 0 || !int.TryParse(name[..underscore], out var version))
                throw new InvalidOperationException($"migration resource {resource} is not named NNNN_name.sql");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new PostgresMigration(version, name, reader.ReadToEnd()));
        }
        return migrations.OrderBy(m => m.Version).ToArray();
    }
}
