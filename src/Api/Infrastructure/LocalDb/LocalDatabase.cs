using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

/// <summary>
/// The local SQLite file. One pooled connection per operation (SQLite connections are not thread-safe);
/// foreign keys on, WAL set by the first migration, busy waits bounded by the command timeout.
/// </summary>
public sealed class LocalDatabase
{
    public const string FileName = "workspace-organizer.db";

    public LocalDatabase(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        FilePath = Path.Combine(dataDirectory, FileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 10,
        }.ToString();
    }

    public string DataDirectory { get; }
    public string FilePath { get; }
    internal string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new TracedConnection(new SqliteConnection(ConnectionString));
        await connection.OpenAsync(ct);
        return connection;
    }
}
