using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.LocalDb;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string SessionId);

public enum AuthFailure { None, Unauthorized, Expired }

/// <summary>
/// Sessions of the local owner, in SQLite. Only SHA-256 hashes of tokens are stored; refresh tokens rotate on every
/// use and a spent one presented again revokes its session.
/// </summary>
public sealed class LocalSessions(LocalDatabase db, IOptions<AuthOptions> options, TimeProvider clock)
{
    AuthOptions Options => options.Value;

    const string InsertSql = """
        INSERT INTO local_sessions (id, user_id, access_token_hash, access_expires_at, refresh_token_hash,
                                    created_at, last_seen_at, expires_at, ip_address, user_agent)
        VALUES (@Id, @UserId, @AccessHash, @AccessExpiresAt, @RefreshHash, @Now, @Now, @ExpiresAt, @IpAddress, @UserAgent)
        """;

    const string PurgeSql = "DELETE FROM local_sessions WHERE expires_at < @Now";

    /// <summary>Opens a session inside the caller's transaction.</summary>
    public async Task<TokenPair> IssueAsync(DbConnection connection, DbTransaction transaction, string userId, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pair = NewPair(Guid.CreateVersion7().ToString());
        await connection.ExecuteAsync(new CommandDefinition(PurgeSql, new { Now = now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = pair.SessionId,
            UserId = userId,
            AccessHash = Tokens.Hash(pair.AccessToken),
            AccessExpiresAt = now + Options.AccessTokenLifetime,
            RefreshHash = Tokens.Hash(pair.RefreshToken),
            Now = now,
            ExpiresAt = now + Options.SessionMaxLifetime,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), 512),
        }, transaction, cancellationToken: ct));
        return pair;
    }

    sealed class SessionRow
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Username { get; set; } = "";
        public bool IsActive { get; set; }
        public DateTimeOffset AccessExpiresAt { get; set; }
        public DateTimeOffset LastSeenAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
    }

    const string ByAccessSql = """
        SELECT s.id AS Id, s.user_id AS UserId, u.username AS Username, u.is_active AS IsActive,
               s.access_expires_at AS AccessExpiresAt, s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt, s.revoked_at AS RevokedAt
        FROM local_sessions s JOIN local_users u ON u.id = s.user_id
        WHERE s.access_token_hash = @Hash
        """;

    const string TouchSql = "UPDATE local_sessions SET last_seen_at = @Now WHERE id = @Id";

    public async Task<(Caller? Caller, AuthFailure Failure)> AuthenticateAsync(string accessToken, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(ByAccessSql, new { Hash = Tokens.Hash(accessToken) }, cancellationToken: ct));
        if (row is null || row.RevokedAt is not null || !row.IsActive)
            return (null, AuthFailure.Unauthorized);

        var now = clock.GetUtcNow();
        if (now >= row.AccessExpiresAt || IsOver(row, now))
            return (null, AuthFailure.Expired);

        // Idle tracking needs minute precision, not a write per request.
        if (now - row.LastSeenAt > TimeSpan.FromMinutes(1))
            await connection.ExecuteAsync(new CommandDefinition(TouchSql, new { Now = now, row.Id }, cancellationToken: ct));

        return (new Caller(row.UserId, row.Username, Realms.Local, row.Id, Permissions.LocalOwner), AuthFailure.None);
    }

    const string ByRefreshSql = """
        SELECT s.id AS Id, s.user_id AS UserId, u.username AS Username, u.is_active AS IsActive,
               s.access_expires_at AS AccessExpiresAt, s.last_seen_at AS LastSeenAt, s.expires_at AS ExpiresAt, s.revoked_at AS RevokedAt
        FROM local_sessions s JOIN local_users u ON u.id = s.user_id
        WHERE s.refresh_token_hash = @Hash
        """;

    const string SpentSql = "SELECT session_id FROM spent_refresh_tokens WHERE token_hash = @Hash";

    const string RotateSql = """
        INSERT INTO spent_refresh_tokens (token_hash, session_id, spent_at) VALUES (@OldHash, @Id, @Now);
        UPDATE local_sessions
        SET access_token_hash = @AccessHash, access_expires_at = @AccessExpiresAt, refresh_token_hash = @RefreshHash, last_seen_at = @Now
        WHERE id = @Id;
        """;

    const string RevokeSql = "UPDATE local_sessions SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL";

    /// <summary>Exchanges a refresh token for a new pair. Returns null when the token is unknown, spent, revoked or over.</summary>
    public async Task<(TokenPair? Pair, string? UserId)> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var hash = Tokens.Hash(refreshToken);
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(ByRefreshSql, new { Hash = hash }, tx, cancellationToken: ct));
        if (row is null)
        {
            var reusedSession = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SpentSql, new { Hash = hash }, tx, cancellationToken: ct));
            if (reusedSession is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(RevokeSql, new { Now = now, Id = reusedSession }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
            return (null, null);
        }

        if (row.RevokedAt is not null || !row.IsActive || IsOver(row, now))
            return (null, null);

        var pair = NewPair(row.Id);
        await connection.ExecuteAsync(new CommandDefinition(RotateSql, new
        {
            OldHash = hash,
            row.Id,
            Now = now,
            AccessHash = Tokens.Hash(pair.AccessToken),
            AccessExpiresAt = now + Options.AccessTokenLifetime,
            RefreshHash = Tokens.Hash(pair.RefreshToken),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (pair, row.UserId);
    }

    public async Task RevokeAsync(string sessionId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RevokeSql, new { Now = clock.GetUtcNow(), Id = sessionId }, cancellationToken: ct));
    }

    const string RevokeOthersSql = """
        UPDATE local_sessions SET revoked_at = @Now
        WHERE user_id = @UserId AND revoked_at IS NULL AND (@KeepSessionId IS NULL OR id <> @KeepSessionId)
        """;

    /// <summary>Revokes every session of the user except <paramref name="keepSessionId"/>, inside the caller's transaction.</summary>
    public Task RevokeAllAsync(DbConnection connection, DbTransaction transaction, string userId, string? keepSessionId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(RevokeOthersSql, new { Now = clock.GetUtcNow(), UserId = userId, KeepSessionId = keepSessionId }, transaction, cancellationToken: ct));

    bool IsOver(SessionRow row, DateTimeOffset now) => now >= row.ExpiresAt || now - row.LastSeenAt >= Options.SessionIdleTimeout;

    TokenPair NewPair(string sessionId) => new(Tokens.New(), Tokens.New(), (int)Options.AccessTokenLifetime.TotalSeconds, sessionId);

    static string? Truncate(string value, int max) => value.Length == 0 ? null : value.Length <= max ? value : value[..max];
}
