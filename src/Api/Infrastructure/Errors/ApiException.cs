namespace WorkspaceOrganizer.Api.Infrastructure.Errors;

/// <summary>
/// A failure the client can act on. Thrown from handlers; <see cref="ProblemMiddleware"/> turns it into problem+json.
/// </summary>
public sealed class ApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IDictionary<string, string>? Headers { get; init; }

    public static ApiException NotFound(string what) => new(404, ErrorCodes.NotFound, $"The {what} was not found.");
    public static ApiException Conflict(string message) => new(409, ErrorCodes.Conflict, message);
    public static ApiException Unauthorized(string message = "Sign in to use this endpoint.") => new(401, ErrorCodes.Unauthorized, message);
}
