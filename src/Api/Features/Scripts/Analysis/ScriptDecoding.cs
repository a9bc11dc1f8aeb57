using System.Text;

namespace WorkspaceOrganizer.Api.Features.Scripts.Analysis;

/// <summary>A file's text and how it was read from its bytes.</summary>
public sealed record DecodedScript(string Content, string Encoding);

/// <summary>
/// Bytes to text as real script files need (docs/scripts.md): a byte-order mark decides; otherwise strict UTF-8; otherwise
/// Windows-1252, which every byte sequence is (the Western-European batch files that are not UTF-8).
/// </summary>
public static class ScriptDecoding
{
    public const string Utf8 = "utf-8";
    public const string Utf8Bom = "utf-8-bom";
    public const string Utf16Le = "utf-16le";
    public const string Utf16Be = "utf-16be";
    public const string Windows1252 = "windows-1252";

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    // Writing never fails: a lone surrogate a JSON body may carry becomes U+FFFD, as reading a BOM-marked file does.
    static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false);
    static readonly Encoding Cp1252 = CodePages().GetEncoding(1252)!;

    static EncodingProvider CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return CodePagesEncodingProvider.Instance;
    }

    public static DecodedScript Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return new DecodedScript(LenientUtf8.GetString(bytes[3..]), Utf8Bom);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new DecodedScript(Encoding.Unicode.GetString(bytes[2..]), Utf16Le);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new DecodedScript(Encoding.BigEndianUnicode.GetString(bytes[2..]), Utf16Be);
        var text = StrictOrCp1252(bytes, out var encoding);
        return new DecodedScript(text, encoding);
    }

    /// <summary>NUL bytes outside a UTF-16 file: an executable, an archive, an image — not a script.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> bytes) =>
        !bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) && bytes.Contains((byte)0);

    /// <summary>Text to bytes in one of the encodings above (content sent as JSON is stored as <see cref="Utf8"/>).</summary>
    public static byte[] Encode(string content, string encoding) => encoding switch
    {
        Utf8 => LenientUtf8.GetBytes(content),
        Utf8Bom => [0xEF, 0xBB, 0xBF, .. LenientUtf8.GetBytes(content)],
        Utf16Le => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(content)],
        Utf16Be => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(content)],
        Windows1252 => Cp1252.GetBytes(content),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Not an encoding scripts are stored in."),
    };

    static string StrictOrCp1252(ReadOnlySpan<byte> bytes, out string encoding)
    {
        try
        {
            encoding = Utf8;
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            encoding = Windows1252;
            return Cp1252.GetString(bytes);
        }
    }
}
