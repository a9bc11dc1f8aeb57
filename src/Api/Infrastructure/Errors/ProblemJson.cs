using System.Text.Json;

namespace WorkspaceOrganizer.Api.Infrastructure.Errors;

internal static class ProblemJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
