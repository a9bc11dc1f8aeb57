using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.LinkScript;

internal sealed class Request
{
    public string Id { get; init; } = "";

    /// <summary>The script the job runs (a UUID).</summary>
    public string? ScriptId { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(x => x.ScriptId).NotEmpty().Must(s => Guid.TryParse(s, out _)).WithMessage("is the id of a script (a UUID).");
    }
}

internal sealed record Response(LinkedScriptView LinkedScript, int Version);
