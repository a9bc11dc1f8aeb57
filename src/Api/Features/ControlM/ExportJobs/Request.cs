using FastEndpoints;
using FluentValidation;

namespace WorkspaceOrganizer.Api.Features.ControlM.ExportJobs;

internal sealed class Request
{
    public const string Json = "json";
    public const string Xml = "xml";

    /// <summary>Required: <c>xml</c> (a <c>DEFTABLE</c>) or <c>json</c> (Automation API).</summary>
    public string Format { get; init; } = "";

    /// <summary>A folder path (<c>Top</c> or <c>Top/Sub</c>): that folder and its sub-folders.</summary>
    public string? Folder { get; init; }

    public string? Datacenter { get; init; }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Format).Must(f => f is Json or Xml).WithMessage("format must be 'json' or 'xml'.");
        }
    }
}
