using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using Xunit.Abstractions;
using static WorkspaceOrganizer.Api.Tests.Infrastructure.PostgresActivity;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.SharedDb;

/// <summary>
/// These tests measure seconds. They run alone, after every other test, so that a busy machine does not decide them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive tests (run alone)";
}

public enum Fault
{
    /// <summary><c>pg_ctl stop -m fast</c>: sessions are ended, the port closes.</summary>
    Stop,

    /// <summary>SIGKILL to the postmaster: its backends drop their connections, the port closes, restart runs crash recovery.</summary>
    Kill,

    /// <summary>SIGSTOP to the postmaster and its backends: connections stay open and new ones are accepted, nothing answers.</summary>
    Freeze,
}

/// <summary>What one outage looked like from the API's clients; times in seconds.</summary>
/// <param name="Fault">What happened to the server.</param>
/// <param name="TeamTraffic">Whether team requests were sent during the outage (they can notice it before the monitor does).</param>
/// <param name="Detected">From the fault until the status says <c>unavailable</c>.</param>
/// <param name="First503">From the fault until the first team request is answered 503 (none without team traffic).</param>
/// <param name="Recovered">From the server being back until the status says <c>available</c>.</param>
/// <param name="First200">From the server being back until the first team request is answered 200.</param>
/// <param name="Slowest">The longest any request took from the fault to the end.</param>
/// <param name="TeamRequests">Team requests sent from the fault to the end.</param>
/// <param name="Team200">Of those, answered 200.</param>
/// <param name="Team503">Of those, answered 503.</param>
public sealed record FaultTimings(
    Fault Fault, bool TeamTraffic, double Detected, double? First503, double Recovered, double First200, double Slowest,
    int TeamRequests, int Team200, int Team503)
{
    /// <summary>One line per run, the same on every run, so that repeated runs can be put side by side (see docs/benchmarks.md).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"FAULT {Fault,-6} {(TeamTraffic ? "traffic" : "quiet  ")} detected {Detected:0.000} s  first-503 {(First503 is { } f ? f.ToString("0.000", CultureInfo.InvariantCulture) : "-    ")} s  " +
        $"recovered {Recovered:0.000} s  first-200 {First200:0.000} s  slowest {Slowest:0.000} s  " +
        $"team requests {TeamRequests} (200: {Team200}, 503: {Team503})");
}

/// <summary>
/// The shared PostgreSQL stopped, killed and frozen under a configured API instance, each on a server of its own, seen
/// through HTTP as the API's clients see it (contract §4): how soon the gate answers <c>503 SHARED_DB_UNAVAILABLE</c>,
/// that no request is answered with a 500 or waits longer than 5 s meanwhile, and how soon team requests work again
/// once the server is back — without restarting the API.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class SharedDbFaultTests(ITestOutputHelper output)
{
    static readonly TimeSpan DetectStoppedOrKilled = TimeSpan.FromSeconds(2);
    static readonly TimeSpan DetectFrozen = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Recover = TimeSpan.FromSeconds(3);
    static readonly TimeSpan LongestRequest = TimeSpan.FromSeconds(5);

    /// <summary>How long the outage goes on after it is detected: several probe rounds, breaker opening and half-opening.</summary>
    static readonly TimeSpan OutageAfterDetection = TimeSpan.FromSeconds(5);

    /// <summary>Bound on the waits, far above the targets, so that a miss fails with what was seen instead of hanging.</summary>
    static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(20);

    const string Unavailable = "SHARED_DB_UNAVAILABLE";
    const string TeamDatabase = "team";

    [Fact]
    public async Task A_stopped_server_is_detected_within_2_s_and_team_requests_work_again_within_3_s_of_its_restart_with_no_500_and_no_request_over_5_s()
    {
        var timings = await MeasureOutageAsync(Fault.Stop);

        Assert.InRange(timings.Detected, 0, DetectStoppedOrKilled.TotalSeconds);
        Assert.InRange(timings.First503!.Value, 0, DetectStoppedOrKilled.TotalSeconds);
    }

    [Fact]
    public async Task A_killed_server_is_detected_within_2_s_and_team_requests_work_again_within_3_s_of_its_restart_with_no_500_and_no_request_over_5_s()
    {
        var timings = await MeasureOutageAsync(Fault.Kill);

        Assert.InRange(timings.Detected, 0, DetectStoppedOrKilled.TotalSeconds);
        Assert.InRange(timings.First503!.Value, 0, DetectStoppedOrKilled.TotalSeconds);
    }

    [Fact]
    public async Task A_frozen_server_is_detected_within_5_s_and_team_requests_work_again_within_3_s_of_its_resumption_with_no_500_and_no_request_over_5_s()
    {
        var timings = await MeasureOutageAsync(Fault.Freeze);

        Assert.InRange(timings.Detected, 0, DetectFrozen.TotalSeconds);
        Assert.InRange(timings.First503!.Value, 0, DetectFrozen.TotalSeconds);
    }

    /// <summary>
    /// Nobody uses team features while the server goes away (a desktop left open): the monitor's probe alone has to move
    /// the state, within the same targets, and back.
    /// </summary>
    [Theory]
    [InlineData(Fault.Stop)]
    [InlineData(Fault.Kill)]
    [InlineData(Fault.Freeze)]
    public async Task Without_team_traffic_the_monitor_alone_detects_the_outage_within_its_target_and_the_recovery_within_3_s(Fault fault)
    {
        var timings = await MeasureOutageAsync(fault, teamTraffic: false);

        Assert.InRange(timings.Detected, 0, (fault == Fault.Freeze ? DetectFrozen : DetectStoppedOrKilled).TotalSeconds);
    }

    /// <summary>
    /// A team sign-in writes its session and its audit entry in one transaction. The test holds the audit log's append lock
    /// (the advisory lock the audit trigger takes) so that the sign-in stops inside that transaction with its session row
    /// already inserted (the backend has a transaction id, which only a write assigns), then kills the server. The client
    /// gets a 503 with a code, not a 500; after the restart neither the session nor an audit entry of that request exists,
    /// and the audit chain carries on from where it was.
    /// </summary>
    [Fact]
    public async Task A_sign_in_in_flight_when_the_server_is_killed_answers_503_and_leaves_neither_its_session_nor_its_audit_entry()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync(TeamDatabase);
        var database = cluster.ConnectionString(TeamDatabase);
        using var api = new ApiFactory();
        await api.ConfigureAsync(database);
        await api.SignInTeamAsync();
        var before = await CountAsync(database);

        var holder = new NpgsqlConnection(Unpooled(database));
        await holder.OpenAsync();
        var appendLock = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_xact_lock(7310021, 1)", transaction: appendLock);

        var requestId = $"fault-sign-in-{Guid.NewGuid():N}";
        using var client = api.CreateClient();
        client.Timeout = OutageWatch.ClientTimeout;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { username = TeamMode.AdminUsername, password = TeamMode.AdminPassword, realm = "team" }),
        };
        request.Headers.Add("X-Request-Id", requestId);
        var clock = Stopwatch.StartNew();
        var signIn = client.SendAsync(request);

        Assert.True(await WaitUntilSignInWaitsForTheAuditLockAsync(database, TimeSpan.FromSeconds(2)),
            "The sign-in should be waiting for the audit lock with its session already written.");
        cluster.Kill();
        var killedAt = clock.Elapsed;
        using var response = await signIn;
        var answeredAfterKill = clock.Elapsed - killedAt;

        await response.ShouldBe(HttpStatusCode.ServiceUnavailable, Unavailable);
        Assert.True(answeredAfterKill < LongestRequest, $"The sign-in answered {answeredAfterKill.TotalSeconds:0.000} s after the kill.");
        output.WriteLine($"In-flight sign-in answered 503 {answeredAfterKill.TotalSeconds:0.000} s after the kill");
        await holder.DisposeAsync();

        await cluster.RestartAsync();
        await api.WaitForStateAsync("available", Recover);
        var after = await CountAsync(database);
        Assert.Equal(before, after);
        await using (var check = new NpgsqlConnection(Unpooled(database)))
            Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE request_id = @RequestId", new { RequestId = requestId }));

        // The append lock and the chain are free again: the next sign-in is audited right after the last entry.
        await api.SignInTeamAsync();
        await using var verify = new NpgsqlConnection(Unpooled(database));
        var last = await verify.QuerySingleAsync<(long Sequence, string Action, string PrevHash)>(
            "SELECT sequence, action, prev_hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
        Assert.Equal(before.LastSequence + 1, last.Sequence);
        Assert.Equal("auth.login", last.Action);
        Assert.Equal(before.LastHash, last.PrevHash);
    }

    /// <summary>
    /// Everything that lives in SQLite ignores the shared database: right after the freeze (before the monitor has noticed)
    /// and after it, the local owner reads and writes its workspaces, readiness stays 200, and /api/health says "degraded"
    /// with a 200 while the shared database is unavailable.
    /// </summary>
    [Fact]
    public async Task Solo_features_and_readiness_keep_working_while_the_shared_server_is_frozen_and_health_says_degraded()
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync(TeamDatabase);
        using var api = new ApiFactory();
        var (configuring, _) = await api.ConfigureAsync(cluster.ConnectionString(TeamDatabase));
        using var owner = api.CreateClient().WithToken(configuring.DefaultRequestHeaders.Authorization!.Parameter!);
        owner.Timeout = OutageWatch.ClientTimeout;
        using var anonymous = api.CreateClient();
        anonymous.Timeout = OutageWatch.ClientTimeout;
        await (await owner.PostJson("/api/v1/workspaces", new { name = "Before", rootPath = "/srv/before" })).ShouldBe(HttpStatusCode.Created);

        cluster.Freeze();
        try
        {
            await LocalFeaturesWorkAsync(owner, anonymous, "/srv/frozen-early");
            await api.WaitForStateAsync("unavailable", GiveUp);
            await LocalFeaturesWorkAsync(owner, anonymous, "/srv/frozen-noticed");
            var health = await (await Timed(() => anonymous.GetAsync("/api/health"))).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("degraded", (string?)health["status"]);
            Assert.Equal("ok", (string?)health["dependencies"]!["localDb"]);
            Assert.Equal("unavailable", (string?)health["dependencies"]!["sharedDb"]);
        }
        finally
        {
            cluster.Resume();
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LOCAL  {_localDurations.Count} local requests during the freeze, slowest {_localDurations.Max().TotalSeconds:0.000} s"));

        await api.WaitForStateAsync("available", Recover);
        var healthy = await (await anonymous.GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("ok", (string?)healthy["status"]);
        var list = await (await owner.GetAsync("/api/v1/workspaces")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, (int)list["meta"]!["total"]!);
    }

    readonly List<TimeSpan> _localDurations = [];

    async Task LocalFeaturesWorkAsync(HttpClient owner, HttpClient anonymous, string rootPath)
    {
        await (await Timed(() => owner.GetAsync("/api/v1/workspaces"))).ShouldBe(HttpStatusCode.OK);
        await (await Timed(() => owner.PostJson("/api/v1/workspaces", new { name = rootPath, rootPath }))).ShouldBe(HttpStatusCode.Created);
        await (await Timed(() => owner.GetAsync("/api/v1/auth/me"))).ShouldBe(HttpStatusCode.OK);
        await (await Timed(() => anonymous.GetAsync("/health/ready"))).ShouldBe(HttpStatusCode.OK);
        await (await Timed(() => anonymous.GetAsync("/health/live"))).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// A local request does not wait on the shared database: it takes milliseconds. The bound leaves room for the thread
    /// pool stalls of up to about 0.9 s seen during a freeze on 2 cores (Npgsql sends its cancel requests synchronously, see
    /// docs/benchmarks.md), and stays below the 2 s a request would spend waiting for a command timeout.
    /// </summary>
    async Task<HttpResponseMessage> Timed(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        _localDurations.Add(clock.Elapsed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"A local request took {clock.Elapsed.TotalSeconds:0.000} s while the shared server was frozen.");
        return response;
    }

    /// <summary>
    /// Configures an API instance against a server of its own, proves a team request works, injects the fault while an
    /// <see cref="OutageWatch"/> looks on, lets the outage last, brings the server back, and checks the whole window.
    /// Detection is timed from the moment the fault is injected (for a stop: when <c>pg_ctl stop</c> is started); recovery
    /// from the moment the server accepts connections again (a restart has returned, or the resume signal is sent).
    /// With <paramref name="teamTraffic"/> off only the status is polled, so the monitor's probe alone has to notice.
    /// </summary>
    async Task<FaultTimings> MeasureOutageAsync(Fault fault, bool teamTraffic = true)
    {
        await using var cluster = await LocalPostgresCluster.StartNewAsync();
        await cluster.CreateDatabaseAsync(TeamDatabase);
        using var api = new ApiFactory();
        await api.ConfigureAsync(cluster.ConnectionString(TeamDatabase));
        using var signedIn = await api.SignInTeamAsync();
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter!;
        using var team = api.CreateClient().WithToken(token);
        team.Timeout = OutageWatch.ClientTimeout;
        await (await team.GetAsync(OutageWatch.TeamUrl)).ShouldBe(HttpStatusCode.OK);

        await using var watch = OutageWatch.Start(api, teamTraffic ? token : null);
        if (teamTraffic)
            await watch.FirstAsync(o => o is { Probe: OutageWatch.Team, Status: 200 }, TimeSpan.Zero, GiveUp, "team 200 before the fault");
        var injected = watch.Now;
        Observation detected;
        Observation? first503 = null;
        switch (fault)
        {
            case Fault.Stop: await cluster.StopAsync(); break;
            case Fault.Kill: cluster.Kill(); break;
            case Fault.Freeze: cluster.Freeze(); break;
        }
        try
        {
            detected = await watch.FirstAsync(o => o is { Probe: OutageWatch.Status, State: "unavailable" }, injected, GiveUp, "state 'unavailable'");
            if (teamTraffic)
                first503 = await watch.FirstAsync(o => o is { Probe: OutageWatch.Team, Status: 503 }, injected, GiveUp, "team 503");
            await watch.UntilAsync(Max(detected.Answered, first503?.Answered ?? TimeSpan.Zero) + OutageAfterDetection);
        }
        finally
        {
            if (fault == Fault.Freeze)
                cluster.Resume();
        }

        var back = watch.Now;
        if (fault != Fault.Freeze)
        {
            await cluster.RestartAsync();
            back = watch.Now;
        }
        var recovered = await watch.FirstAsync(o => o is { Probe: OutageWatch.Status, State: "available" }, back, GiveUp, "state 'available'");
        TimeSpan first200;
        if (teamTraffic)
        {
            var answer = await watch.FirstAsync(o => o is { Probe: OutageWatch.Team, Status: 200 }, back, GiveUp, "team 200 after recovery");
            first200 = answer.Answered - back;
            // It stays up: a broken pooled connection handed out after the recovery would show here as a 503.
            await watch.UntilAsync(answer.Answered + TimeSpan.FromSeconds(1));
        }
        else
        {
            // The first team request after the recovery, on connections the monitor has just made.
            await (await team.GetAsync(OutageWatch.TeamUrl)).ShouldBe(HttpStatusCode.OK);
            first200 = watch.Now - back;
        }
        var seen = await watch.StopAsync();

        var window = seen.Where(o => o.Sent >= injected).ToList();
        var teamAnswers = window.Where(o => o.Probe == OutageWatch.Team).ToList();
        var timings = new FaultTimings(fault, teamTraffic,
            Detected: (detected.Answered - injected).TotalSeconds,
            First503: first503 is null ? null : (first503.Answered - injected).TotalSeconds,
            Recovered: (recovered.Answered - back).TotalSeconds,
            First200: first200.TotalSeconds,
            Slowest: window.Max(o => o.Duration).TotalSeconds,
            TeamRequests: teamAnswers.Count,
            Team200: teamAnswers.Count(o => o.Status == 200),
            Team503: teamAnswers.Count(o => o.Status == 503));
        output.WriteLine(timings.ToString());

        var log = string.Join('\n', window);
        Assert.DoesNotContain(window, o => o.Status == 500);
        Assert.All(window.Where(o => o.Status != 200), o => Assert.True(o is { Status: 503, Code: Unavailable }, $"{o}\n{log}"));
        Assert.All(window, o => Assert.True(o.Duration <= LongestRequest, $"{o}\n{log}"));
        if (teamTraffic)
        {
            var firstSuccess = teamAnswers.Where(o => o.Sent >= back && o.Status == 200).Min(o => o.Sent);
            Assert.All(teamAnswers.Where(o => o.Sent >= firstSuccess), o => Assert.True(o.Status == 200, $"after recovery: {o}\n{log}"));
        }
        Assert.InRange(timings.Recovered, 0, Recover.TotalSeconds);
        Assert.InRange(timings.First200, 0, Recover.TotalSeconds);
        return timings;
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    sealed record Counts(int Sessions, int AuditEntries, long LastSequence, string LastHash);

    static async Task<Counts> CountAsync(string database)
    {
        await using var connection = new NpgsqlConnection(Unpooled(database));
        return await connection.QuerySingleAsync<Counts>("""
            SELECT (SELECT count(*)::int FROM team_sessions) AS Sessions,
                   (SELECT count(*)::int FROM audit_log) AS AuditEntries,
                   (SELECT max(sequence) FROM audit_log) AS LastSequence,
                   (SELECT hash FROM audit_log ORDER BY sequence DESC LIMIT 1) AS LastHash
            """);
    }

    /// <summary>
    /// True once the API's sign-in waits for the audit log's append lock inside a transaction that has written (a backend
    /// gets a transaction id at its first write; the sign-in's first write is its session row).
    /// </summary>
    static Task<bool> WaitUntilSignInWaitsForTheAuditLockAsync(string database, TimeSpan within) =>
        WaitForLockWaiterAsync(database, "query LIKE 'INSERT INTO audit_log%' AND backend_xid IS NOT NULL", within);
}
