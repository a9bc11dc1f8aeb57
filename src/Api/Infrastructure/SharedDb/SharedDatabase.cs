using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Telemetry;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>What the monitor last learned of the schema: applied version, the version this build expects, and what is pending.</summary>
public sealed record SchemaInfo(string? Current, string Expected, IReadOnlyList<string> Pending);

/// <summary>
/// The shared PostgreSQL as the rest of the API sees it: its state (kept in memory, so the gate never opens a
/// connection), and the one <see cref="NpgsqlDataSource"/> team handlers open connections from (built by
/// <see cref="SharedDataSourceFactory"/>). The
/// <see cref="SharedDbMonitor"/> moves the state; a request that meets a connection failure reports it here and the
/// state flips to <c>unavailable</c> at once (a timeout asks the monitor to probe now instead).
/// </summary>
public sealed class SharedDatabase : IDisposable
{
    readonly ILogger<SharedDatabase> _logger;
    readonly TimeProvider _clock;
    readonly IOptions<SharedDbOptions> _options;
    readonly SharedDataSourceFactory _dataSources;
    readonly Lock _gate = new();
    readonly Counter<long> _transitions;
    Connection? _current;
    string _state = SharedDbStates.NotConfigured;
    DateTimeOffset _since;
    string? _lastError;

    /// <summary>Cancelled when the state leaves <c>available</c>, then replaced: see <see cref="RunBulkAsync{T}"/>.</summary>
    CancellationTokenSource _outage = new();

    sealed record Connection(NpgsqlDataSource DataSource, NpgsqlDataSource Bulk, SharedConnectionTarget Target, bool Managed)
    {
        public void Dispose()
        {
            DataSource.Dispose();
            Bulk.Dispose();
        }
    }

    public SharedDatabase(ILogger<SharedDatabase> logger, TimeProvider clock, IOptions<SharedDbOptions> options, SharedDataSourceFactory dataSources)
    {
        _logger = logger;
        _clock = clock;
        _options = options;
        _dataSources = dataSources;
        _since = clock.GetUtcNow();
        _transitions = ApiTelemetry.Meter.CreateCounter<long>("shared_db.state.transitions", description: "Changes of the shared database's state");
        ApiTelemetry.Meter.CreateObservableGauge("shared_db.state", () => AllStates.Select(s => new Measurement<int>(s == _state ? 1 : 0, new KeyValuePair<string, object?>("state", s))),
            description: "1 for the shared database's current state, 0 for the others");
    }

    static readonly string[] AllStates =
        [SharedDbStates.NotConfigured, SharedDbStates.Connecting, SharedDbStates.Available, SharedDbStates.Unavailable, SharedDbStates.Incompatible];

    public string State => _state;
    public DateTimeOffset Since => _since;
    public string? LastError => _lastError;
    public string? Host => _current?.Target.Host;
    public string? DatabaseName => _current?.Target.Database;
    public bool IsConfigured => _current is not null;
    public bool IsManagedByConfiguration => !string.IsNullOrWhiteSpace(_options.Value.ConnectionString);
    public string Mode => _state == SharedDbStates.Available ? ApiModes.Shared : ApiModes.Solo;
    public SchemaInfo? Schema { get; private set; }
    public bool AdminUserCreated { get; private set; }

    /// <summary>The data source of the current configuration, for the monitor; null when not configured.</summary>
    internal NpgsqlDataSource? DataSource => _current?.DataSource;

    /// <summary>
    /// Starts using a database (replacing the one in use, whose pool is closed): state <paramref name="initialState"/> until
    /// the monitor or the caller says otherwise, and no schema known until <see cref="RecordSchema"/>.
    /// </summary>
    public void Connect(SharedConnectionTarget target, bool managed, string initialState)
    {
        var next = new Connection(_dataSources.Create(target), _dataSources.CreateForBulk(target), target, managed);
        Connection? previous;
        lock (_gate)
        {
            previous = _current;
            _current = next;
            Schema = null;
            AdminUserCreated = false;
        }
        Move(initialState, null);
        previous?.Dispose();
    }

    /// <summary>Back to solo: stops using the database and closes its pool (the shared data stays where it is).</summary>
    public void Disconnect()
    {
        Connection? previous;
        lock (_gate)
        {
            previous = _current;
            _current = null;
            Schema = null;
            AdminUserCreated = false;
        }
        Move(SharedDbStates.NotConfigured, null);
        previous?.Dispose();
    }

    /// <summary>What a bring-up learned of the database in use, for the status: its schema, and whether the team has accounts.</summary>
    internal void RecordSchema(SchemaInfo schema, bool hasAccounts)
    {
        Schema = schema;
        AdminUserCreated = hasAccounts;
    }

    internal void MarkAvailable() => Move(SharedDbStates.Available, null);

    internal void MarkIncompatible(string reason) => Move(SharedDbStates.Incompatible, reason);

    /// <summary>
    /// A connection failure seen anywhere. A refused, reset or closed connection proves the server gone: unavailable
    /// now, broken pooled connections dropped. A timeout does not (a lock or a slow query on a healthy server looks the
    /// same), so it asks the monitor to probe at once and lets the probe decide, within about its own timeout.
    /// </summary>
    public void ReportFailure(Exception failure)
    {
        if (SharedDbFailures.IsTimeout(failure))
            RequestProbe();
        else
            MarkUnavailable(failure);
    }

    /// <summary>The monitor's verdict (its probe failed): unavailable now, broken pooled connections dropped.</summary>
    internal void MarkUnavailable(Exception failure)
    {
        var current = _current;
        if (current is null)
            return;
        current.DataSource.Clear();
        Move(SharedDbStates.Unavailable, SharedDbFailures.Describe(failure, current.Target.Password));
    }

    readonly SemaphoreSlim _probeRequested = new(0, 1);

    void RequestProbe()
    {
        lock (_gate)
        {
            if (_probeRequested.CurrentCount == 0)
                _probeRequested.Release();
        }
    }

    /// <summary>For the monitor: completes when a request asked for a probe before the next regular one.</summary>
    internal Task WaitForProbeRequestAsync(CancellationToken ct) => _probeRequested.WaitAsync(ct);

    /// <summary>
    /// A connection for a team handler. The gate has already checked the state; a failure to connect is reported and
    /// answered <c>503 SHARED_DB_UNAVAILABLE</c>.
    /// </summary>
    public Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => OpenAsync(current => current.DataSource, ct);

    async Task<NpgsqlConnection> OpenAsync(Func<Connection, NpgsqlDataSource> pool, CancellationToken ct)
    {
        var current = _current;
        if (current is null)
            throw new ApiException(503, ErrorCodes.NotConfigured, "The shared database is not configured.");
        if (_state != SharedDbStates.Available)
            throw Unavailable();
        try
        {
            return await pool(current).OpenConnectionAsync(ct);
        }
        catch (Exception e) when (SharedDbFailures.IsConnectionFailure(e))
        {
            ReportFailure(e);
            throw Unavailable();
        }
    }

    /// <summary>
    /// Runs one long unit of work (an import) on a connection whose commands may take up to
    /// <c>SharedDb:BulkCommandTimeoutSeconds</c>. The work's token is also cancelled the moment the database stops being
    /// available — a frozen server is noticed by the monitor within seconds, not by a five-minute command timeout — and
    /// that cancellation is answered <c>503 SHARED_DB_UNAVAILABLE</c>. The work must pass on the token it is given.
    /// </summary>
    public async Task<T> RunBulkAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var outage = _outage.Token;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, outage);
        try
        {
            await using var connection = await OpenAsync(current => current.Bulk, linked.Token);
            return await work(connection, linked.Token);
        }
        catch (OperationCanceledException) when (outage.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw Unavailable();
        }
    }

    public static ApiException Unavailable() =>
        new(503, ErrorCodes.SharedDbUnavailable, "The shared database is not reachable right now; team features come back by themselves when it is.");

    void Move(string state, string? error)
    {
        string previous;
        CancellationTokenSource? ended = null;
        lock (_gate)
        {
            previous = _state;
            if (error is not null)
                _lastError = error;
            if (previous == state)
                return;
            _state = state;
            _since = _clock.GetUtcNow();
            if (previous == SharedDbStates.Available)
            {
                ended = _outage;
                _outage = new CancellationTokenSource();
            }
        }
        // Not disposed: bulk work may still be linking to its token; a source without a timer holds nothing to release.
        ended?.Cancel();
        _transitions.Add(1, new KeyValuePair<string, object?>("from", previous), new KeyValuePair<string, object?>("to", state));
        if (state is SharedDbStates.Unavailable or SharedDbStates.Incompatible)
            _logger.LogWarning("Shared database {From} -> {To}: {Reason}", previous, state, error);
        else
            _logger.LogInformation("Shared database {From} -> {To}", previous, state);
    }

    public void Dispose()
    {
        _current?.Dispose();
        _outage.Dispose();
        _probeRequested.Dispose();
    }
}
