using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Infrastructure.Security;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string SessionId);

/// <summary><c>Expired</c>: the access token's lifetime is over (a refresh renews it); <c>SessionOver</c>: the session's idle or maximum lifetime is.</summary>
public enum AuthFailure { None, Unknown, Unauthorized, Expired, SessionOver }

public enum RefreshOutcome { Rotated, Rejected, Unknown }

/// <summary>The statements one realm's session tables need; the two realms differ only in dialect.</summary>
public sealed record SessionSql(
    string Insert, string Purge, string ByAccess, string Touch, string ByRefresh, string BySession, string Spent, string Rotate, string Revoke, string RevokeOthers);

/// <summary>
/// Sessions of one realm. Only SHA-256 hashes of tokens are stored; refresh tokens rotate on every use and a spent one
/// presented again revokes its session — unless it comes back within the grace period (<see cref="AuthOptions.RefreshGracePeriod"/>):
/// a client that refreshes from several requests at once sends the same token several times, and each gets the pair the
/// first one got. That pair is kept with the spent token sealed under a key derived from the spent token itself (see
/// <see cref="Tokens.Seal"/>), so only a holder of that token can open it and the database alone reveals nothing. The local owner's sessions live in SQLite, team sessions in PostgreSQL so that
/// every instance honours a logout or a deactivation at once.
/// </summary>
public abstract class SessionStore(IOptions<AuthOptions> options, TimeProvider clock)
{
    protected abstract string Realm { get; }
    protected abstract SessionSql Sql { get; }
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    AuthOptions Options => options.Value;

    protected sealed class SessionRow
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Username { get; set; } = "";
        public bool IsActive { get; set; }
        public DateTimeOffset AccessExpiresAt { get; set; }
        public DateTimeOffset LastSeenAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
        public string[]? Permissions { get; set; }
    }

    protected sealed class SpentRow
    {
        public string SessionId { get; set; } = "";
        public DateTimeOffset SpentAt { get; set; }
        public byte[]? Successor { get; set; }
    }

    /// <summary>Opens a session inside the caller's transaction.</summary>
    public async Task<TokenPair> IssueAsync(DbConnection connection, DbTransaction transaction, string userId, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pair = NewPair(Guid.CreateVersion7().ToString());
        var client = ClientInfo.Of(http);
        await connection.ExecuteAsync(new CommandDefinition(Sql.Purge, new { Now = now }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Sql.Insert, new
        {
            Id = pair.SessionId,
            UserId = userId,
            AccessHash = Tokens.Hash(pair.AccessToken),
            AccessExpiresAt = now + Options.AccessTokenLifetime,
            RefreshHash = Tokens.Hash(pair.RefreshToken),
            Now = now,
            ExpiresAt = now + Options.SessionMaxLifetime,
            client.IpAddress,
            client.UserAgent,
        }, transaction, cancellationToken: ct));
        return pair;
    }

    public async Task<(Caller? Caller, AuthFailure Failure)> AuthenticateAsync(string accessToken, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(Sql.ByAccess, new { Hash = Tokens.Hash(accessToken) }, cancellationToken: ct));
        if (row is null)
            return (null, AuthFailure.Unknown);
        if (row.RevokedAt is not null || !row.IsActive)
            return (null, AuthFailure.Unauthorized);

        var now = clock.GetUtcNow();
        if (IsOver(row, now))
            return (null, AuthFailure.SessionOver);
        if (now >= row.AccessExpiresAt)
            return (null, AuthFailure.Expired);

        // Idle tracking needs minute precision, not a write per request.
        if (now - row.LastSeenAt > TimeSpan.FromMinutes(1))
            await connection.ExecuteAsync(new CommandDefinition(Sql.Touch, new { Now = now, row.Id }, cancellationToken: ct));

        return (new Caller(row.UserId, row.Username, Realm, row.Id, PermissionsOf(row)), AuthFailure.None);
    }

    protected abstract IReadOnlySet<string> PermissionsOf(SessionRow row);

    /// <summary>Exchanges a refresh token for a new pair.</summary>
    public async Task<(RefreshOutcome Outcome, TokenPair? Pair, string? UserId)> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var hash = Tokens.Hash(refreshToken);
        var now = clock.GetUtcNow();
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(Sql.ByRefresh, new { Hash = hash }, tx, cancellationToken: ct));
        if (row is null)
        {
            var spent = await connection.QuerySingleOrDefaultAsync<SpentRow>(new CommandDefinition(Sql.Spent, new { Hash = hash }, tx, cancellationToken: ct));
            if (spent is null)
                return (RefreshOutcome.Unknown, null, null);
            if (await SuccessorWithinGraceAsync(connection, tx, spent, refreshToken, now, ct) is { } again)
                return (RefreshOutcome.Rotated, again.Pair, again.UserId);
            await connection.ExecuteAsync(new CommandDefinition(Sql.Revoke, new { Now = now, Id = spent.SessionId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return (RefreshOutcome.Rejected, null, null);
        }

        if (row.RevokedAt is not null || !row.IsActive || IsOver(row, now))
            return (RefreshOutcome.Rejected, null, null);

        var pair = NewPair(row.Id);
        await connection.ExecuteAsync(new CommandDefinition(Sql.Rotate, new
        {
            OldHash = hash,
            row.Id,
            Now = now,
            AccessHash = Tokens.Hash(pair.AccessToken),
            AccessExpiresAt = now + Options.AccessTokenLifetime,
            RefreshHash = Tokens.Hash(pair.RefreshToken),
            Successor = Tokens.Seal($"{pair.AccessToken} {pair.RefreshToken}", refreshToken),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (RefreshOutcome.Rotated, pair, row.UserId);
    }

    /// <summary>The pair a spent token was exchanged for, if it was spent within the grace period and its session still stands.</summary>
    async Task<(TokenPair Pair, string UserId)?> SuccessorWithinGraceAsync(
        DbConnection connection, DbTransaction tx, SpentRow spent, string refreshToken, DateTimeOffset now, CancellationToken ct)
    {
        if (spent.Successor is null || now - spent.SpentAt >= Options.RefreshGracePeriod)
            return null;
        var session = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(Sql.BySession, new { Id = spent.SessionId }, tx, cancellationToken: ct));
        if (session is not { RevokedAt: null, IsActive: true } || IsOver(session, now) || Tokens.Unseal(spent.Successor, refreshToken) is not { } opened)
            return null;
        var tokens = opened.Split(' ');
        return (new TokenPair(tokens[0], tokens[1], (int)Math.Max(0, (session.AccessExpiresAt - now).TotalSeconds), session.Id), session.UserId);
    }

    public async Task RevokeAsync(string sessionId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await RevokeAsync(connection, null, sessionId, ct);
    }

    /// <summary>Revokes one session inside the caller's transaction.</summary>
    public Task RevokeAsync(DbConnection connection, DbTransaction? transaction, string sessionId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Sql.Revoke, new { Now = clock.GetUtcNow(), Id = sessionId }, transaction, cancellationToken: ct));

    /// <summary>Revokes every session of the user except <paramref name="keepSessionId"/>, inside the caller's transaction.</summary>
    public Task RevokeAllAsync(DbConnection connection, DbTransaction transaction, string userId, string? keepSessionId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(Sql.RevokeOthers, new { Now = clock.GetUtcNow(), UserId = userId, KeepSessionId = keepSessionId }, transaction, cancellationToken: ct));

    bool IsOver(SessionRow row, DateTimeOffset now) => now >= row.ExpiresAt || now - row.LastSeenAt >= Options.SessionIdleTimeout;

    TokenPair NewPair(string sessionId) => new(Tokens.New(), Tokens.New(), (int)Options.AccessTokenLifetime.TotalSeconds, sessionId);

}
