using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.Audit.ExportAuditLog;

internal sealed class Request : IAuditFilter
{
    /// <summary>Required: <c>csv</c> or <c>ndjson</c>.</summary>
    public string Format { get; init; } = "";

    /// <summary>The acting account's id (a UUID).</summary>
    public string? ActorId { get; init; }

    /// <summary>An exact action, <c>&lt;resource&gt;.&lt;verb&gt;</c>, e.g. <c>script.created</c>.</summary>
    public string? Action { get; init; }

    public string? ResourceType { get; init; }

    /// <summary>Only together with resourceType.</summary>
    public string? ResourceId { get; init; }

    /// <summary>ISO-8601 instant, inclusive; without an offset it is UTC.</summary>
    public string? From { get; init; }

    /// <summary>ISO-8601 instant, exclusive; without an offset it is UTC.</summary>
    public string? To { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Format).Must(f => ExportFormat.Find(f) is not null)
                .WithMessage("format must be 'csv' or 'ndjson'.");
            this.ValidateAuditFilter();
        }
    }
}
