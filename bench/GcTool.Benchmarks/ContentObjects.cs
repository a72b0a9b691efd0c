using System.Security.Cryptography;

namespace GcTool.Benchmarks;

/// <summary>
/// <c>files-v0</c> of the content-addressed layout (uv-cache-spec.md §9): each distinct content is stored once
/// as <c>files-v0/&lt;2 hex&gt;/&lt;62 hex&gt;</c> (its SHA-256, as the test simulator names objects) and every
/// archive file with that content is a hardlink to it.
/// </summary>
public static class ContentObjects
{
    public const string Bucket = "files-v0";

    /// <summary>Stores <paramref name="content"/> (unless an identical object exists) and hardlinks <paramref name="destination"/> to it.</summary>
    public static void Link(string cache, byte[] content, string destination)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(content));
        var shard = Path.Combine(cache, Bucket, digest[..2]);
        var obj = Path.Combine(shard, digest[2..]);
        Directory.CreateDirectory(shard);
        try
        {
            using var stream = new FileStream(obj, FileMode.CreateNew, FileAccess.Write);
            stream.Write(content);
        }
        catch (IOException) when (File.Exists(obj)) { /* stored already, by this or another archive */ }
        Native.Link(obj, destination);
    }
}
