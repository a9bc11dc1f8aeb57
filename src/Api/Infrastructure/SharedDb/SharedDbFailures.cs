using System.Net.Sockets;
using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

public static class SharedDbFailures
{
    /// <summary>
    /// The server cannot be reached or stopped answering (refused, reset, timed out, shutting down) — as opposed to a
    /// query the server rejected. Only these make the shared DB unavailable.
    /// </summary>
    public static bool IsConnectionFailure(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: IOException or SocketException or TimeoutException } => true,
        InvalidOperationException { InnerException: NpgsqlException inner } => IsConnectionFailure(inner),
        _ => false,
    };

    /// <summary>
    /// The server did not answer in time (connect or command timeout, or no pooled connection free in time). Unlike a
    /// refused or reset connection this does not prove the server is gone: a lock or a slow query looks the same.
    /// </summary>
    public static bool IsTimeout(Exception e) => e switch
    {
        NpgsqlException { InnerException: TimeoutException } => true,
        InvalidOperationException { InnerException: NpgsqlException inner } => IsTimeout(inner),
        _ => false,
    };

    /// <summary>A reason to show an admin: the failure's message, never the connection string or its password.</summary>
    public static string Describe(Exception e, string? password)
    {
        var message = e switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            NpgsqlException { InnerException: SocketException socket } => socket.Message,
            NpgsqlException { InnerException: TimeoutException } => "The server did not answer in time.",
            _ => e.Message,
        };
        return string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
    }
}
