using System.Security.Cryptography;

namespace WorkspaceOrganizer.Api.Features.ControlM.ImportJobs;

/// <summary>
/// A read-only pass-through that hashes (SHA-256) and counts what is read, so that each file of an import is audited with
/// its digest and size without being buffered — also a file sent in chunks, which has no Content-Length.
/// </summary>
internal sealed class DigestStream(Stream inner) : Stream
{
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Bytes { get; private set; }

    /// <summary>Reads what is left, so that the digest covers the whole file even when its reader stopped early.</summary>
    public async Task<string> FinishAsync(CancellationToken ct)
    {
        await CopyToAsync(Null, ct);
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Seen(buffer, inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Seen(buffer.Span, read);
    }

    int Seen(ReadOnlySpan<byte> buffer, int read)
    {
        _hash.AppendData(buffer[..read]);
        Bytes += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash.Dispose();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
