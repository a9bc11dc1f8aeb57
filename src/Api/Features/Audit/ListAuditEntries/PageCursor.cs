using System.Buffers.Binary;
using System.Buffers.Text;

namespace WorkspaceOrganizer.Api.Features.Audit.ListAuditEntries;

/// <summary>
/// Where the next page starts: the sequence of the last entry shown, as unpadded base64url of its 8 big-endian bytes.
/// Opaque to clients by contract; it means "entries older than this one", so it stays valid while entries are
/// appended and whichever filters come with it.
/// </summary>
internal static class PageCursor
{
    const int Bytes = sizeof(long);

    public static string Encode(long sequence)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        BinaryPrimitives.WriteInt64BigEndian(bytes, sequence);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out long sequence)
    {
        sequence = 0;
        if (cursor is null || cursor.Length != Base64Url.GetEncodedLength(Bytes))
            return false;
        Span<byte> bytes = stackalloc byte[Bytes];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != Bytes)
            return false;
        sequence = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return sequence > 0 && Encode(sequence) == cursor;
    }
}
