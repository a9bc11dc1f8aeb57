namespace WorkspaceOrganizer.Api.Features.Scripts;

/// <summary>A request naming one script by its route id.</summary>
internal sealed class ScriptRequest
{
    public string Id { get; init; } = "";
}
