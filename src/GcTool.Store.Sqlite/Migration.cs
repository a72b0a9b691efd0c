namespace GcTool.Store.Sqlite;

/// <summary>One schema change: the SQL of <c>schema/sqlite/NNNN_name.sql</c>. After it is applied, <c>user_version</c> = <see cref="Version"/>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "schema.sqlite.";

    /// <summary>The migrations compiled into this assembly (from <c>schema/sqlite/*.sql</c>), in order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    private static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
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
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }
        return migrations.OrderBy(m => m.Version).ToArray();
    }
}
