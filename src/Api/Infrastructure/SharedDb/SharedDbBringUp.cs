using Npgsql;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>What a bring-up found: the schema after it, whether the team has accounts, and the scripts this call applied.</summary>
public sealed record BringUpResult(SchemaInfo Schema, bool HasAccounts, IReadOnlyList<string> Applied)
{
    /// <summary>The database's schema is newer than this build: nothing was applied, and this build must not use it.</summary>
    public bool SchemaTooNew => SharedMigrations.IsNewerThanThisBuild(Schema);
}

/// <summary>
/// Brings a reachable shared database up to this build: the one sequence behind <c>configure</c> and behind the monitor's
/// reconnect. Inspect the schema; stop if it is newer than this build; let the caller refuse (configure needs a first admin
/// for a team without accounts); apply what is pending, under the migration lock with its deadline
/// (<see cref="SharedMigrations"/>); inspect again. A database lacking an extension the scripts need is refused before anything is applied. Moving <see cref="SharedDatabase"/>'s state is left to the caller:
/// the monitor marks the database available or incompatible, configure connects only after its own transaction committed.
/// </summary>
public sealed class SharedDbBringUp(SharedMigrations migrations)
{
    /// <param name="connection">An open connection to the database to bring up.</param>
    /// <param name="beforeMigrating">
    /// Called with whether the team already has accounts once the schema is known not to be too new, before anything is
    /// changed; it may throw to stop there.
    /// </param>
    /// <param name="ct">Cancels the inspection and the wait for the migration lock.</param>
    /// <exception cref="TimeoutException">Another instance held the migration lock past <c>SharedDb:MigrationLockTimeout</c>.</exception>
    /// <exception cref="MissingExtensionsException">Scripts are pending that need an extension this account cannot create; nothing was applied.</exception>
    public async Task<BringUpResult> RunAsync(NpgsqlConnection connection, Action<bool>? beforeMigrating, CancellationToken ct)
    {
        var (schema, hasAccounts) = await SharedMigrations.InspectAsync(connection, ct);
        var found = new BringUpResult(schema, hasAccounts, []);
        if (found.SchemaTooNew)
            return found;
        beforeMigrating?.Invoke(hasAccounts);
        if (schema.Pending.Count == 0)
            return found;
        if (await SharedMigrations.MissingExtensionsAsync(connection, ct) is { Count: > 0 } missing)
            throw new MissingExtensionsException(missing);

        var applied = await migrations.MigrateAsync(connection, ct);
        var (after, hasAccountsAfter) = await SharedMigrations.InspectAsync(connection, ct);
        return new BringUpResult(after, hasAccountsAfter, applied);
    }
}
