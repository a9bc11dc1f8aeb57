using Dapper;
using Npgsql;
using WorkspaceOrganizer.Api.Tests.Infrastructure;

namespace WorkspaceOrganizer.Api.Tests.Features.Audit;

/// <summary>Synthetic entries written the way the app's appends are: through the chain trigger, one sequence per row.</summary>
public static class AuditSeed
{
    public static readonly string[] ActorIds =
        ["0196f1c2-7a00-7000-8000-00000000a11c", "0196f1c2-7a00-7000-8000-000000000b0b", "0196f1c2-7a00-7000-8000-0000000ca401"];

    public static readonly string[] Actions = ["script.created", "script.updated", "script.deleted", "role.created", "auth.login"];

    public static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    const string SeriesSql = """
        INSERT INTO audit_log (id, sequence, occurred_at, actor_user_id, actor_username, actor_realm, action, resource_type,
                               resource_id, before, after, request_id, ip_address, user_agent, prev_hash, hash)
        SELECT gen_random_uuid(), 0, @Start + g * interval '1 minute',
               CASE WHEN g % 4 = 0 THEN NULL ELSE (@ActorIds::text[])[g % 4] END,
               CASE WHEN g % 4 = 0 THEN NULL ELSE 'user-' || (g % 4) END,
               CASE WHEN g % 4 = 0 THEN NULL ELSE 'team' END,
               (@Actions::text[])[1 + g % 5],
               CASE WHEN g % 5 = 3 THEN 'role' ELSE 'script' END,
               CASE WHEN g % 5 = 3 THEN 'role-' || (g % 3) ELSE 'script-' || (g % 7) END,
               CASE WHEN g % 2 = 0 THEN jsonb_build_object('name', 'backup "' || g || '", nightly', 'size', g) END,
               jsonb_build_object('name', 'Zoë''s backup ' || g, 'tags', jsonb_build_array('ops', g), 'shared', g % 3 = 0),
               'req-' || g, '203.0.113.' || (g % 250), left('Mozilla/5.0 (X11, Linux) ' || repeat('x', 600), @UserAgentLength),
               '', ''
        FROM generate_series(1, @Count) AS g
        ORDER BY g
        """;

    /// <summary>
    /// Entry <c>g</c> (1-based): actor <c>g % 4</c> (0 = anonymous, else <see cref="ActorIds"/>), action <c>g % 5</c>,
    /// resource <c>role</c>/<c>role-(g % 3)</c> for role actions and <c>script</c>/<c>script-(g % 7)</c> otherwise,
    /// occurred at <see cref="Start"/> plus <c>g</c> minutes, and a user agent of <paramref name="userAgentLength"/>
    /// characters with a comma. <c>before</c>/<c>after</c> hold text with quotes, commas and non-ASCII.
    /// </summary>
    public static async Task InsertSeriesAsync(NpgsqlConnection connection, int count, int userAgentLength = 40)
    {
        await connection.ExecuteAsync(new CommandDefinition(SeriesSql,
            new { Start, ActorIds, Actions, Count = count, UserAgentLength = userAgentLength }, commandTimeout: 600));
    }
}

/// <summary>
/// One <see cref="TeamInstance"/> with 60 seeded entries for a test class whose tests only read, or only meet the gate and
/// validation (xunit runs a class's tests one at a time).
/// </summary>
public sealed class SeededAuditLog : IAsyncLifetime
{
    TeamInstance? _audit;

    public TeamInstance Audit => _audit ?? throw new InvalidOperationException("Started in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _audit = await TeamInstance.StartAsync();
        await using var connection = await _audit.OpenAsync();
        await AuditSeed.InsertSeriesAsync(connection, 60);
    }

    public async Task DisposeAsync()
    {
        if (_audit is not null)
            await _audit.DisposeAsync();
    }
}
