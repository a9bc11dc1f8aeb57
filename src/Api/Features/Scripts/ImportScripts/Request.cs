using FastEndpoints;

namespace WorkspaceOrganizer.Api.Features.Scripts.ImportScripts;

/// <summary>
/// Either a JSON body <c>{files:[{name, content}]}</c> or a multipart body of files (any field names; each part's file
/// name is the script's name). <c>?dryRun=true</c> reports what would happen and writes nothing.
/// </summary>
internal sealed class Request
{
    [QueryParam]
    public bool DryRun { get; init; }

    /// <summary>The JSON form's files; null for a multipart body.</summary>
    public List<JsonFile>? Files { get; init; }

    internal sealed class JsonFile
    {
        public string? Name { get; init; }
        public string? Content { get; init; }
    }
}

/// <param name="Created">Names of the scripts created (or that would be, on a dry run).</param>
/// <param name="Updated">Names of the scripts whose content changed.</param>
/// <param name="Unchanged">Names of the scripts whose bytes were already stored as sent.</param>
/// <param name="Errors">On a dry run, what would refuse the import; always empty on an import that was written (a refused one is a 400).</param>
/// <param name="DryRun">Whether this was a dry run (nothing written).</param>
internal sealed record Response(string[] Created, string[] Updated, string[] Unchanged, ImportError[] Errors, bool DryRun);

internal sealed record ImportError(string File, string Message);
