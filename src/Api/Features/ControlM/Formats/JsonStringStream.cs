using System.Text;

namespace WorkspaceOrganizer.Api.Features.ControlM.Formats;

/// <summary>
/// The value of one JSON string, unescaped, as a read-only stream of UTF-8 bytes: <paramref name="inner"/> is positioned just
/// after the opening quote, and the stream ends at the closing one. It lets a file sent inside a JSON member (the original
/// client's <c>{csvContent}</c>) be read as a stream like any other file, never held whole as a .NET string. What
/// <paramref name="inner"/> holds after the closing quote is left in <see cref="Remaining"/> and the rest of
/// <paramref name="inner"/>. Bad input (a raw control character, a bad escape, a lone surrogate, no closing quote) is a
/// <see cref="ControlMFormatException"/> located as <c>byte N</c>, N counted (1-based) in the whole body: <paramref name="offset"/>
/// is the body offset of the first byte of <paramref name="inner"/>.
/// </summary>
internal sealed class JsonStringStream(Stream inner, long offset) : Stream
{
    // The longest unit decoded at once: a surrogate pair, \uD83D\uDE00.
    const int LongestEscape = 12;

    readonly byte[] _input = new byte[16 * 1024];
    int _start;
    int _end;
    bool _innerEnded;
    bool _closed;
    long _offset = offset;

    // A decoded character's UTF-8 bytes that did not fit the caller's buffer.
    readonly byte[] _pending = new byte[4];
    int _pendingStart;
    int _pendingEnd;

    /// <summary>After the stream has ended: the bytes read from <c>inner</c> past the closing quote.</summary>
    public ReadOnlyMemory<byte> Remaining => _closed ? _input.AsMemory(_start, _end - _start) : throw new InvalidOperationException("The string has not ended yet.");

    /// <summary>The body offset just past the closing quote, once the stream has ended.</summary>
    public long EndOffset => _offset + _start;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            var n = Decode(buffer);
            if (n > 0 || _closed || buffer.IsEmpty)
                return n;
            Compact();
            var read = inner.Read(_input.AsSpan(_end));
            Received(read);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var n = Decode(buffer.Span);
            if (n > 0 || _closed || buffer.IsEmpty)
                return n;
            Compact();
            var read = await inner.ReadAsync(_input.AsMemory(_end), cancellationToken);
            Received(read);
        }
    }

    void Compact()
    {
        _offset += _start;
        _input.AsSpan(_start, _end - _start).CopyTo(_input);
        _end -= _start;
        _start = 0;
    }

    void Received(int read)
    {
        if (read == 0)
            _innerEnded = true;
        _end += read;
    }

    /// <summary>Decodes what is buffered into <paramref name="output"/>; stops before an escape that is not all buffered yet.</summary>
    int Decode(Span<byte> output)
    {
        var written = 0;
        while (written < output.Length)
        {
            if (_pendingStart < _pendingEnd)
            {
                output[written++] = _pending[_pendingStart++];
                continue;
            }
            if (_closed)
                break;
            var available = _end - _start;
            if (available == 0)
            {
                if (_innerEnded)
                    throw Bad(_start, "the string has no closing quote.");
                break;
            }
            var b = _input[_start];
            if (b == (byte)'"')
            {
                _start++;
                _closed = true;
                break;
            }
            if (b < 0x20)
                throw Bad(_start, "a control character must be escaped in a JSON string.");
            if (b != (byte)'\\')
            {
                // A run of plain bytes (non-ASCII UTF-8 included) is copied as it is.
                var run = _input.AsSpan(_start, Math.Min(available, output.Length - written));
                var stop = run.IndexOfAny((byte)'"', (byte)'\\');
                if (stop >= 0)
                    run = run[..stop];
                var control = run.IndexOfAnyInRange((byte)0, (byte)0x1F);
                if (control >= 0)
                    run = run[..control];
                run.CopyTo(output[written..]);
                written += run.Length;
                _start += run.Length;
                continue;
            }
            if (!TryEscape(available, out var consumed, out var rune))
                break;
            _start += consumed;
            var length = rune.EncodeToUtf8(_pending);
            _pendingStart = 0;
            _pendingEnd = length;
        }
        return written;
    }

    /// <summary>The escape at <c>_start</c>; false when more of it has still to be read.</summary>
    bool TryEscape(int available, out int consumed, out Rune rune)
    {
        consumed = 0;
        rune = default;
        if (available < 2)
            return NeedMore(available);
        switch (_input[_start + 1])
        {
            case (byte)'"': rune = new Rune('"'); break;
            case (byte)'\\': rune = new Rune('\\'); break;
            case (byte)'/': rune = new Rune('/'); break;
            case (byte)'b': rune = new Rune('\b'); break;
            case (byte)'f': rune = new Rune('\f'); break;
            case (byte)'n': rune = new Rune('\n'); break;
            case (byte)'r': rune = new Rune('\r'); break;
            case (byte)'t': rune = new Rune('\t'); break;
            case (byte)'u':
                return TryUnicode(available, out consumed, out rune);
            default:
                throw Bad(_start, $"'\\{(char)_input[_start + 1]}' is not a JSON escape.");
        }
        consumed = 2;
        return true;
    }

    bool TryUnicode(int available, out int consumed, out Rune rune)
    {
        consumed = 0;
        rune = default;
        if (available < 6)
            return NeedMore(available);
        var unit = Hex(_start + 2);
        if (!char.IsSurrogate((char)unit))
        {
            rune = new Rune(unit);
            consumed = 6;
            return true;
        }
        if (char.IsLowSurrogate((char)unit))
            throw Bad(_start, "a low surrogate with no high surrogate before it.");
        // A high surrogate not followed by a backslash is refused at once, not taken for an escape cut short.
        if (available > 6 && _input[_start + 6] != (byte)'\\')
            throw Bad(_start, "a high surrogate must be followed by a \\u low surrogate.");
        if (available < LongestEscape)
            return NeedMore(available);
        if (_input[_start + 6] != (byte)'\\' || _input[_start + 7] != (byte)'u' || !char.IsLowSurrogate((char)Hex(_start + 8)))
            throw Bad(_start, "a high surrogate must be followed by a \\u low surrogate.");
        rune = new Rune((char)unit, (char)Hex(_start + 8));
        consumed = LongestEscape;
        return true;
    }

    int Hex(int at)
    {
        var value = 0;
        for (var i = at; i < at + 4; i++)
        {
            var digit = HexDigit(_input[i]);
            if (digit < 0)
                throw Bad(_start, "\\u must be followed by four hex digits.");
            value = value * 16 + digit;
        }
        return value;
    }

    static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>An escape cut by the end of the buffer waits for more input; cut by the end of the body it is bad.</summary>
    bool NeedMore(int available) =>
        _innerEnded ? throw Bad(_start, available < 2 ? "the string has no closing quote." : "the escape is cut short by the end of the body.") : false;

    ControlMFormatException Bad(int at, string message) => new($"byte {_offset + at + 1}", message);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
