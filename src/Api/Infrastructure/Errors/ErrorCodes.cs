namespace WorkspaceOrganizer.Api.Infrastructure.Errors;

/// <summary>The stable machine codes of contract §2; clients branch on them.</summary>
public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string SessionExpired = "SESSION_EXPIRED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string RouteNotFound = "ROUTE_NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";
    public const string SetupAlreadyComplete = "SETUP_ALREADY_COMPLETE";
    public const string LastAdmin = "LAST_ADMIN";
    public const string BuiltInRole = "BUILT_IN_ROLE";
    public const string SchemaTooNew = "SCHEMA_TOO_NEW";
    public const string ManagedByConfiguration = "MANAGED_BY_CONFIGURATION";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string ConnectionFailed = "CONNECTION_FAILED";
    /// <summary>Install: the database lacks an extension the schema needs, and this account cannot create it.</summary>
    public const string ExtensionUnavailable = "EXTENSION_UNAVAILABLE";
    public const string RateLimited = "RATE_LIMITED";
    public const string NotConfigured = "NOT_CONFIGURED";
    public const string SharedDbUnavailable = "SHARED_DB_UNAVAILABLE";
    /// <summary>The local SQLite database could not be written (disk full, read-only, locked past the busy timeout).</summary>
    public const string LocalDbUnavailable = "LOCAL_DB_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
