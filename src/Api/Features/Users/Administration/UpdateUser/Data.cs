using Dapper;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Users.Administration.UpdateUser;

internal static class Data
{
    // The handler holds the row's lock (TeamAccounts.LockByIdAsync) and has checked the version under it.
    const string UpdateSql = """
        UPDATE team_users
        SET display_name = @DisplayName, email = @Email, is_active = @IsActive, version = version + 1, updated_at = @Now
        WHERE id = @Id::uuid
        """;

    /// <summary>Throws a unique violation when another account has the e-mail (compared case-insensitively).</summary>
    public static Task UpdateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string id, string displayName, string email, bool isActive, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            Id = id,
            DisplayName = displayName,
            Email = email,
            IsActive = isActive,
            Now = now,
        }, tx, cancellationToken: ct));
}
