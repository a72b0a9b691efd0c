using System.Text;

namespace GcTool.Core.Reclaim;

/// <summary>
/// Reads which revision an sdist shard's <c>revision.http</c> / <c>revision.rev</c> names, without decoding
/// uv's exact layout (msgpack <c>Revision{id,hashes,size}</c> framed with a cache policy; the nested encoding
/// is unverified, uv-cache-spec §3): a revision directory is named when its name appears in the file as a
/// msgpack string. The caller trusts the answer only when exactly one sibling is named.
/// </summary>
public static class RevisionPointer
{
    /// <summary>Whether <paramref name="content"/> holds <paramref name="revision"/> as a msgpack string (fixstr or str8).</summary>
    public static bool Names(byte[] content, string revision)
    {
        var text = Encoding.UTF8.GetBytes(revision);
        if (text.Length is 0 or > 255) return false;
        byte[] header = text.Length < 32 ? [(byte)(0xa0 | text.Length)] : [0xd9, (byte)text.Length];
        var needle = new byte[header.Length + text.Length];
        header.CopyTo(needle, 0);
        text.CopyTo(needle, header.Length);
        return content.AsSpan().IndexOf(needle) >= 0;
    }
}
