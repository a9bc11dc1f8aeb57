using System.Data.Common;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.SharedDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

/// <summary>
/// Team accounts' sessions, in the shared PostgreSQL. Permissions are read with the session on every request, so a
/// role change or a deactivation is honoured by every instance on the user's next request.
/// </summary>
public sealed class TeamSessions(SharedDatabase sharedDb, IOptions<AuthOptions> options, TimeProvider clock) : SessionStore(options, clock)
{
    const string Columns = """
        s.id::text AS Id, s.user_id::text AS UserId, u.username AS Username, u.is_active AS IsActive,
        s.access_expires_at AS AccessExpiresAt, s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt, s.revoked_at AS RevokedAt
        """;

    static readonly SessionSql Statements = new(
        Insert: """
            INSERT INTO team_sessions (id, user_id, access_token_hash, access_expires_at, refresh_token_hash,
                                       created_at, last_seen_at, expires_at, ip_address, user_agent)
            VALUES (@Id::uuid, @UserId::uuid, @AccessHash, @AccessExpiresAt, @RefreshHash, @Now, @Now, @ExpiresAt, @IpAddress, @UserAgent)
            """,
        Purge: "DELETE FROM team_sessions WHERE expires_at < @Now",
        ByAccess: $"""
            SELECT {Columns},
                   ARRAY(SELECT DISTINCT rp.permission FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                         WHERE ur.user_id = s.user_id) AS Permissions
            FROM team_sessions s JOIN team_users u ON u.id = s.user_id
            WHERE s.access_token_hash = @Hash
            """,
        Touch: "UPDATE team_sessions SET last_seen_at = @Now WHERE id = @Id::uuid",
        ByRefresh: $"SELECT {Columns} FROM team_sessions s JOIN team_users u ON u.id = s.user_id WHERE s.refresh_token_hash = @Hash FOR UPDATE OF s",
        BySession: $"SELECT {Columns} FROM team_sessions s JOIN team_users u ON u.id = s.user_id WHERE s.id = @Id::uuid",
        Spent: "SELECT session_id::text AS SessionId, spent_at AS SpentAt, successor AS Successor FROM team_spent_refresh_tokens WHERE token_hash = @Hash",
        Rotate: """
            INSERT INTO team_spent_refresh_tokens (token_hash, session_id, spent_at, successor) VALUES (@OldHash, @Id::uuid, @Now, @Successor);
            UPDATE team_sessions
            SET access_token_hash = @AccessHash, access_expires_at = @AccessExpiresAt, refresh_token_hash = @RefreshHash, last_seen_at = @Now
            WHERE id = @Id::uuid;
            """,
        Revoke: "UPDATE team_sessions SET revoked_at = @Now WHERE id = @Id::uuid AND revoked_at IS NULL",
        RevokeOthers: """
            UPDATE team_sessions SET revoked_at = @Now
            WHERE user_id = @UserId::uuid AND revoked_at IS NULL AND (@KeepSessionId::uuid IS NULL OR id <> @KeepSessionId::uuid)
            """);

    protected override string Realm => Realms.Team;
    protected override SessionSql Sql => Statements;
    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await sharedDb.OpenAsync(ct);
    protected override IReadOnlySet<string> PermissionsOf(SessionRow row) => new HashSet<string>(row.Permissions ?? []);
}
