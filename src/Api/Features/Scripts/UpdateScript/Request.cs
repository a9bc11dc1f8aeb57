using FastEndpoints;
using Microsoft.Extensions.Options;

namespace WorkspaceOrganizer.Api.Features.Scripts.UpdateScript;

/// <summary>Only the members sent change; <c>tags</c> and <c>tagIds</c>, when either is sent, replace the script's tags.</summary>
internal sealed class Request
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Content { get; init; }
    public string? Description { get; init; }
    public string? Type { get; init; }
    public bool? IsActive { get; init; }
    public string[]? Tags { get; init; }
    public string[]? TagIds { get; init; }

    /// <summary>The version this change is based on, as an alternative to <c>If-Match</c>.</summary>
    public int? Version { get; init; }

    public bool HasTags => Tags is not null || TagIds is not null;

    internal sealed class Validator : Validator<Request>
    {
        public Validator(IOptions<ScriptsOptions> options)
        {
            When(x => x.Name is not null, () => RuleFor(x => x.Name).ValidScriptName());
            RuleFor(x => x.Content).ValidScriptContent(options.Value.MaxScriptBytes);
            RuleFor(x => x.Description).ValidScriptDescription();
            RuleFor(x => x.Type).ValidScriptType();
            RuleFor(x => x.Tags).ValidTagNames();
            RuleFor(x => x.TagIds).ValidTagIds();
        }
    }
}
