using System.Security.Cryptography;
using WorkspaceOrganizer.Api.Features.Scripts.Analysis;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>
/// A script about to be written: what the client sent, decoded, and what the analyser derived from it. Built by
/// <see cref="For"/> only, so that the derived fields always belong to the content they were derived from.
/// </summary>
internal sealed class ScriptDraft
{
    ScriptDraft(Guid id, string name, string description, string content, byte[] bytes, string encoding, string? type, bool isActive)
    {
        Id = id;
        Name = name;
        Description = description;
        Content = content;
        Bytes = bytes;
        Encoding = encoding;
        IsActive = isActive;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Analysis = ScriptAnalyser.Analyse(name, content, type);
    }

    public Guid Id { get; }
    public string Name { get; }
    public string NameKey => ScriptNames.Key(Name);
    public string Description { get; }
    public string Content { get; }
    public byte[] Bytes { get; }
    public string Encoding { get; }
    public string Type => Analysis.Type;
    public bool IsActive { get; }

    /// <summary>Of the original bytes: what a download returns.</summary>
    public string Sha256 { get; }

    public ScriptAnalysis Analysis { get; }

    /// <summary>Bytes read from a file: <paramref name="type"/> is the client's type, or null to detect it from the name, then the content.</summary>
    public static ScriptDraft For(Guid id, string name, string description, DecodedScript decoded, byte[] bytes, string? type, bool isActive) =>
        new(id, name, description, decoded.Content, bytes, decoded.Encoding, type, isActive);

    /// <summary>Content sent as JSON text: stored as UTF-8 without a BOM.</summary>
    public static ScriptDraft FromText(Guid id, string name, string description, string content, string? type, bool isActive) =>
        For(id, name, description, new DecodedScript(content, ScriptDecoding.Utf8), ScriptDecoding.Encode(content, ScriptDecoding.Utf8), type, isActive);

    /// <summary>What an audit entry says of the content: its hash and size, never the text.</summary>
    public object ContentFacts => new { contentSha256 = Sha256, sizeBytes = Bytes.Length };
}
