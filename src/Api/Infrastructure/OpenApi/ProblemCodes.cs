using WorkspaceOrganizer.Api.Infrastructure.Errors;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>The machine codes an endpoint answers with one error status, for the OpenAPI document.</summary>
public sealed record ProblemCodes(int Status, IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>Documents an error answer: <c>Description(b => b.Fails(409, ErrorCodes.SetupAlreadyComplete))</c>. Without codes, the status's usual ones.</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, int status, params string[] codes) =>
        builder.Produces<Problem>(status, Problem.ContentType).WithMetadata(new ProblemCodes(status, codes));
}
