using System.Text.Json.Serialization;

namespace WorkspaceOrganizer.Api.Features.Audit.VerifyAuditChain;

/// <summary>checked counts the entries read, the first invalid one included; firstInvalidSequence is left out of a valid chain.</summary>
public sealed record Response(
    bool Valid,
    long Checked,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? FirstInvalidSequence);
