using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using WorkspaceOrganizer.Api.Infrastructure.Telemetry;

namespace WorkspaceOrganizer.Api.Infrastructure.SharedDb;

/// <summary>
/// Keeps <see cref="SharedDatabase"/>'s state true. At start it loads the configured connection (configuration or the
/// encrypted local setting) without holding up start-up, then probes the server every <c>ProbeInterval</c> through a
/// Polly pipeline: a timeout per attempt, one quick retry, and a circuit breaker that trips after two failures (so it
/// trips at desktop traffic) and is half-open again by the next probe. On the way back to <c>available</c> it runs the
/// <see cref="SharedDbBringUp"/> (check the schema, apply pending migrations), so recovery needs no restart and no manual step.
/// </summary>
internal sealed class SharedDbMonitor(
    SharedDatabase sharedDb,
    SharedDbBringUp bringUp,
    StoredConnection stored,
    IOptions<SharedDbOptions> options,
    ILogger<SharedDbMonitor> logger) : BackgroundService
{
    static readonly Histogram<double> ProbeLatency =
        ApiTelemetry.Meter.CreateHistogram<double>("shared_db.probe.duration", "ms", "Latency of the shared database probe");

    readonly ResiliencePipeline _probe = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is TimeoutRejectedException || SharedDbFailures.IsConnectionFailure(e)),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = BreakDurationFor(options.Value.ProbeInterval),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is TimeoutRejectedException || SharedDbFailures.IsConnectionFailure(e)),
        })
        .AddTimeout(options.Value.ProbeTimeout)
        .Build();

    /// <summary>
    /// Shorter than the probe interval (half of it, at least Polly's minimum of 0.5 s), so that every probe after a failed
    /// one is a half-open trial. With a break as long as the interval, a probe usually found the circuit still open, and a
    /// server that came back was noticed only two or three intervals later (up to 3 s and more instead of about 1 s).
    /// </summary>
    static TimeSpan BreakDurationFor(TimeSpan probeInterval) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(500).Ticks, probeInterval.Ticks / 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await LoadConfigurationAsync(stoppingToken);
        var interval = options.Value.ProbeInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await ProbeOnceAsync(stoppingToken);
            var rest = interval - Stopwatch.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
                await UntilNextProbeAsync(rest, stoppingToken);
        }
    }

    /// <summary>Waits for the next regular probe, or less when a request timed out and asked for one (see <see cref="SharedDatabase.ReportFailure"/>).</summary>
    async Task UntilNextProbeAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var requested = sharedDb.WaitForProbeRequestAsync(wait.Token);
        await Task.WhenAny(Task.Delay(delay, wait.Token), requested);
        await wait.CancelAsync();
        try
        {
            await requested;
        }
        catch (OperationCanceledException)
        {
            // The regular interval came first, or the API is stopping.
        }
    }

    async Task LoadConfigurationAsync(CancellationToken ct)
    {
        if (sharedDb.IsManagedByConfiguration)
        {
            sharedDb.Connect(SharedConnectionTarget.Parse(options.Value.ConnectionString!), managed: true, SharedDbStates.Connecting);
            return;
        }
        var target = await stored.LoadAsync(ct);
        if (target is not null)
            sharedDb.Connect(target, managed: false, SharedDbStates.Connecting);
    }

    internal async Task ProbeOnceAsync(CancellationToken ct)
    {
        var dataSource = sharedDb.DataSource;
        if (dataSource is null)
            return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _probe.ExecuteAsync(token => new ValueTask(AttemptAsync(dataSource, token)), ct);
            ProbeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (sharedDb.State != SharedDbStates.Available && ReferenceEquals(dataSource, sharedDb.DataSource))
                await ReconnectAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is TimeoutRejectedException or BrokenCircuitException || SharedDbFailures.IsConnectionFailure(e))
        {
            ProbeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // An open circuit is a verdict too: it opened because probes failed to reach the server. Ignoring it left the
            // state 'available' for as long as each half-open trial failed and re-opened the circuit, i.e. for the whole
            // outage unless a request happened to report it.
            if (ReferenceEquals(dataSource, sharedDb.DataSource))
                sharedDb.MarkUnavailable(Cause(e));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "The shared database probe failed unexpectedly");
            sharedDb.MarkUnavailable(e);
        }
    }

    /// <summary>
    /// One <c>SELECT 1</c>, waited for no longer than the pipeline's timeout allows. The token is deliberately not given to
    /// Npgsql: Npgsql answers a cancelled command by sending the server a cancel request over a new connection, synchronously
    /// on the thread that cancels (here the timeout's timer), and a frozen server accepts that connection but never answers.
    /// Honouring the token took several connect timeouts (over 10 s per probe) and stalled the process's timers meanwhile.
    /// The probe stops waiting when the token fires; the abandoned attempt ends by Npgsql's own connect or command timeout.
    /// </summary>
    static async Task AttemptAsync(NpgsqlDataSource dataSource, CancellationToken token)
    {
        var attempt = SelectOneAsync(dataSource);
        try
        {
            await attempt.WaitAsync(token);
        }
        catch (OperationCanceledException) when (!attempt.IsCompleted)
        {
            _ = attempt.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    static async Task SelectOneAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteScalarAsync<int>("SELECT 1");
    }

    /// <summary>What to tell an admin: the failure that opened the circuit rather than "the circuit is open".</summary>
    static Exception Cause(Exception e) => e switch
    {
        BrokenCircuitException { InnerException: { } opened } => Cause(opened),
        TimeoutRejectedException => new TimeoutException("The probe timed out.", e),
        _ => e,
    };

    /// <summary>Reachable again (or for the first time): bring the database up to this build, then serve.</summary>
    async Task ReconnectAsync(CancellationToken ct)
    {
        var dataSource = sharedDb.DataSource!;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        BringUpResult result;
        try
        {
            result = await bringUp.RunAsync(connection, beforeMigrating: null, ct);
        }
        catch (MissingExtensionsException e)
        {
            // An upgrade whose new scripts need an extension: no probe will fix that, an admin must.
            sharedDb.MarkIncompatible(e.Message);
            return;
        }
        if (result.SchemaTooNew)
        {
            sharedDb.RecordSchema(result.Schema, hasAccounts: false);
            sharedDb.MarkIncompatible($"The shared database is at schema {result.Schema.Current}; this build knows up to {result.Schema.Expected}.");
            return;
        }
        sharedDb.RecordSchema(result.Schema, result.HasAccounts);
        if (ReferenceEquals(dataSource, sharedDb.DataSource))
            sharedDb.MarkAvailable();
    }
}
