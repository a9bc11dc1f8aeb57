using System.Data.Common;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>The local owner's sessions, in SQLite.</summary>
public sealed class LocalSessions(LocalDatabase db, IOptions<AuthOptions> options, TimeProvider clock) : SessionStore(options, clock)
{
    const string Columns = """
        s.id AS Id, s.user_id AS UserId, u.username AS Username, u.is_active AS IsActive,
        s.access_expires_at AS AccessExpiresAt, s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt, s.revoked_at AS RevokedAt
        """;

    static readonly SessionSql Statements = new(
        Insert: """
            INSERT INTO local_sessions (id, user_id, access_token_hash, access_expires_at, refresh_token_hash,
                                        created_at, last_seen_at, expires_at, ip_address, user_agent)
            VALUES (@Id, @UserId, @AccessHash, @AccessExpiresAt, @RefreshHash, @Now, @Now, @ExpiresAt, @IpAddress, @UserAgent)
            """,
        Purge: "DELETE FROM local_sessions WHERE expires_at < @Now",
        ByAccess: $"SELECT {Columns} FROM local_sessions s JOIN local_users u ON u.id = s.user_id WHERE s.access_token_hash = @Hash",
        Touch: "UPDATE local_sessions SET last_seen_at = @Now WHERE id = @Id",
        ByRefresh: $"SELECT {Columns} FROM local_sessions s JOIN local_users u ON u.id = s.user_id WHERE s.refresh_token_hash = @Hash",
        BySession: $"SELECT {Columns} FROM local_sessions s JOIN local_users u ON u.id = s.user_id WHERE s.id = @Id",
        Spent: "SELECT session_id AS SessionId, spent_at AS SpentAt, successor AS Successor FROM spent_refresh_tokens WHERE token_hash = @Hash",
        Rotate: """
            INSERT INTO spent_refresh_tokens (token_hash, session_id, spent_at, successor) VALUES (@OldHash, @Id, @Now, @Successor);
            UPDATE local_sessions
            SET access_token_hash = @AccessHash, access_expires_at = @AccessExpiresAt, refresh_token_hash = @RefreshHash, last_seen_at = @Now
            WHERE id = @Id;
            """,
        Revoke: "UPDATE local_sessions SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL",
        RevokeOthers: """
            UPDATE local_sessions SET revoked_at = @Now
            WHERE user_id = @UserId AND revoked_at IS NULL AND (@KeepSessionId IS NULL OR id <> @KeepSessionId)
            """);

    protected override string Realm => Realms.Local;
    protected override SessionSql Sql => Statements;
    protected override Task<DbConnection> OpenAsync(CancellationToken ct) => db.OpenAsync(ct);
    protected override IReadOnlySet<string> PermissionsOf(SessionRow row) => Permission.LocalOwner;
}
