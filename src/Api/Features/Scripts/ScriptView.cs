using System.Text.Json.Serialization;
using WorkspaceOrganizer.Api.Features.ControlM;

namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>A script as the API answers it (contract §9). <see cref="Content"/> is null in lists, which omit it.</summary>
public sealed class ScriptView
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; set; }
    public string Type { get; set; } = "";
    public bool IsActive { get; set; }
    public bool HasCredentials { get; set; }
    public string Encoding { get; set; } = "";
    public int SizeBytes { get; set; }
    public string ContentSha256 { get; set; } = "";
    public List<DriveMappingView> DriveMappings { get; set; } = [];
    public List<TagView> Tags { get; set; } = [];
    public List<ScriptLinkView> Dependencies { get; set; } = [];
    public List<ScriptLinkView> Dependents { get; set; } = [];
    public List<UnresolvedReferenceView> UnresolvedReferences { get; set; } = [];

    /// <summary>The Control-M jobs that run this script: empty until the Control-M slice lends them (docs/architecture.md).</summary>
    public List<LinkedJob> LinkedJobs { get; set; } = [];

    public int Version { get; set; }
    public string? CreatedBy { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The script's own columns, for <c>FROM scripts s</c>.</summary>
    public const string Columns = $"s.content AS {nameof(Content)}, {OwnColumns}";

    /// <summary>The same without the content, which lists omit.</summary>
    public const string SummaryColumns = $"NULL::text AS {nameof(Content)}, {OwnColumns}";

    const string OwnColumns = $"""
        s.id::text AS {nameof(Id)}, s.name AS {nameof(Name)}, s.description AS {nameof(Description)},
        s.type AS {nameof(Type)}, s.is_active AS {nameof(IsActive)},
        s.has_credentials AS {nameof(HasCredentials)}, s.encoding AS {nameof(Encoding)}, s.size_bytes AS {nameof(SizeBytes)},
        s.content_sha256 AS {nameof(ContentSha256)}, s.version AS {nameof(Version)}, s.created_by AS {nameof(CreatedBy)},
        s.updated_by AS {nameof(UpdatedBy)}, s.created_at AS {nameof(CreatedAt)}, s.updated_at AS {nameof(UpdatedAt)}
        """;

}

public sealed class DriveMappingView
{
    public string Id { get; set; } = "";
    public string? DriveLetter { get; set; }
    public string NetworkPath { get; set; } = "";
    public string ServerName { get; set; } = "";
    public string ShareName { get; set; } = "";
    public bool HasCredentials { get; set; }
    public string? Username { get; set; }
    public int Line { get; set; }

    internal string ScriptId { get; set; } = "";
}

/// <summary>A tag, on a script and as the tag endpoints answer it.</summary>
public sealed class TagView
{
    /// <summary>The tag's columns from <c>script_tags t</c>.</summary>
    public const string Columns = $"t.id::text AS {nameof(Id)}, t.name AS {nameof(Name)}, t.color AS {nameof(Color)}";

    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Color { get; set; }

    internal string ScriptId { get; set; } = "";
}

public sealed class ScriptLinkView
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";

    /// <summary>The script of the page this link belongs to (a dependency's dependent, or a dependent's dependency).</summary>
    internal string OfId { get; set; } = "";
}

public sealed class UnresolvedReferenceView
{
    public string Name { get; set; } = "";
    public int Line { get; set; }

    internal string ScriptId { get; set; } = "";
}

