using System.Data.Common;
using Dapper;

namespace WorkspaceOrganizer.Api.Features.Users.Setup.CompleteSetup;

internal static class Data
{
    const string InsertOwnerSql = """
        INSERT INTO local_users (id, username, email, display_name, password_hash, recovery_key_hash, created_at, updated_at)
        VALUES (@Id, @Username, @Email, @DisplayName, @PasswordHash, @RecoveryKeyHash, @Now, @Now)
        """;

    public static Task InsertOwnerAsync(DbConnection connection, DbTransaction tx, Account owner, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertOwnerSql, new
        {
            owner.Id,
            owner.Username,
            owner.Email,
            owner.DisplayName,
            owner.PasswordHash,
            owner.RecoveryKeyHash,
            Now = owner.CreatedAt,
        }, tx, cancellationToken: ct));
}
