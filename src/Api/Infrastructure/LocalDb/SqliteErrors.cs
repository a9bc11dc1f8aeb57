using Microsoft.Data.Sqlite;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

public static class SqliteErrors
{
    const int ConstraintUnique = 2067;
    const int ConstraintPrimaryKey = 1555;

    /// <summary>A UNIQUE or PRIMARY KEY violation: the one way a taken name or path shows up, mapped to 409 by the slice.</summary>
    public static bool IsUniqueViolation(this SqliteException e) => e.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;
}
