using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using WorkspaceOrganizer.Api.Infrastructure.Telemetry;

namespace WorkspaceOrganizer.Api.Infrastructure.LocalDb;

/// <summary>
/// Microsoft.Data.Sqlite emits no telemetry of its own; this thin wrapper gives every command a client span
/// (<c>db.system.name = sqlite</c>, the statement text, never parameter values).
/// </summary>
internal sealed class TracedConnection(DbConnection inner) : DbConnection
{
    [AllowNull]
    public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }
    public override string Database => inner.Database;
    public override string DataSource => inner.DataSource;
    public override string ServerVersion => inner.ServerVersion;
    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
    public override void Close() => inner.Close();
    public override void Open() => inner.Open();
    public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);
    protected override DbCommand CreateDbCommand() => new TracedCommand(inner.CreateCommand(), this);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}

internal sealed class TracedCommand(DbCommand inner, DbConnection owner) : DbCommand
{
    [AllowNull]
    public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }
    public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }
    public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }
    public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }
    public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }
    protected override DbConnection? DbConnection { get => owner; set { } }
    protected override DbParameterCollection DbParameterCollection => inner.Parameters;
    protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value; }

    public override void Cancel() => inner.Cancel();
    public override void Prepare() => inner.Prepare();
    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    public override int ExecuteNonQuery() => Traced(() => inner.ExecuteNonQuery());
    public override object? ExecuteScalar() => Traced(() => inner.ExecuteScalar());
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Traced(() => inner.ExecuteReader(behavior));

    public override Task<int> ExecuteNonQueryAsync(CancellationToken ct) => TracedAsync(() => inner.ExecuteNonQueryAsync(ct));
    public override Task<object?> ExecuteScalarAsync(CancellationToken ct) => TracedAsync(() => inner.ExecuteScalarAsync(ct));
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken ct) =>
        TracedAsync(() => inner.ExecuteReaderAsync(behavior, ct));

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    T Traced<T>(Func<T> run)
    {
        using var activity = Start();
        try { return run(); }
        catch (Exception e) { Fail(activity, e); throw; }
    }

    async Task<T> TracedAsync<T>(Func<Task<T>> run)
    {
        using var activity = Start();
        try { return await run(); }
        catch (Exception e) { Fail(activity, e); throw; }
    }

    Activity? Start()
    {
        var activity = ApiTelemetry.LocalDb.StartActivity("sqlite", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.query.text", inner.CommandText);
        }
        return activity;
    }

    static void Fail(Activity? activity, Exception e) => activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
}
