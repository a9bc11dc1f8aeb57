using FastEndpoints;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace WorkspaceOrganizer.Api.Features.Scripts.CreateScript;

internal sealed class Request
{
    /// <summary>1 to 255 characters, unique case-insensitively, no path separators or control characters.</summary>
    public string? Name { get; init; }

    /// <summary>The script's text; stored as UTF-8. Drive mappings, credentials and references are derived from it.</summary>
    public string? Content { get; init; }

    public string? Description { get; init; }

    /// <summary><c>batch | powershell | shell | python | sql | other</c>; detected from the name, then the content, when omitted.</summary>
    public string? Type { get; init; }

    public bool? IsActive { get; init; }

    /// <summary>Tag names, found or created case-insensitively.</summary>
    public string[]? Tags { get; init; }

    /// <summary>Ids of existing tags.</summary>
    public string[]? TagIds { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator(IOptions<ScriptsOptions> options)
        {
            RuleFor(x => x.Name).ValidScriptName();
            RuleFor(x => x.Content).NotNull().WithMessage("must be given (it may be empty).").ValidScriptContent(options.Value.MaxScriptBytes);
            RuleFor(x => x.Description).ValidScriptDescription();
            RuleFor(x => x.Type).ValidScriptType();
            RuleFor(x => x.Tags).ValidTagNames();
            RuleFor(x => x.TagIds).ValidTagIds();
        }
    }
}
