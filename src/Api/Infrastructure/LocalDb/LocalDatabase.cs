using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

/// <summary>
/// The local SQLite file. One pooled connection per operation (SQLite connections are not thread-safe);
/// foreign keys on, WAL set by the first migration, a 10 s busy timeout for the write lock.
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
        var sqlite = new SqliteConnection(ConnectionString);
        var connection = new TracedConnection(sqlite);
        await connection.OpenAsync(ct);
        // A writer that finds the write lock taken waits in SQLite's busy handler (steps of 1 to 100 ms) instead of
        // failing with SQLITE_BUSY, on which Microsoft.Data.Sqlite sleeps 150 ms before each retry: with concurrent
        // writes that sleep was most of their latency (docs/benchmarks.md, finding 2). Set on every open: cheap, and a
        // pooled connection cannot be told from a new one.
        SQLitePCL.raw.sqlite3_busy_timeout(sqlite.Handle, BusyTimeoutMilliseconds);
        return connection;
    }

    /// <summary>SQLite's own wait for the write lock; the same bound as the commands' timeout.</summary>
    const int BusyTimeoutMilliseconds = 10_000;
}
