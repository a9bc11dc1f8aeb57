namespace WorkspaceOrganizer.Api.Features.ControlM.GetScriptSuggestions;

internal sealed class Request
{
    public string Id { get; init; } = "";
}

/// <summary>Best first; at most <see cref="Data.Limit"/>.</summary>
internal sealed record Response(List<Suggestion> Suggestions);

internal sealed record Suggestion(LinkedScriptView Script, string MatchType, double Confidence);
