using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure.SharedDb;

/// <summary>One answer seen by an <see cref="OutageWatch"/>; times are on the watch's clock.</summary>
/// <param name="Probe"><see cref="OutageWatch.Team"/> or <see cref="OutageWatch.Status"/>.</param>
/// <param name="Sent">When the request was sent.</param>
/// <param name="Duration">Until the whole answer was read (or the client gave up).</param>
/// <param name="Status">The HTTP status; 0 when no answer came (the client gave up or the connection failed).</param>
/// <param name="Code">The problem+json <c>code</c>, or the exception's type name when there was no answer.</param>
/// <param name="State">For the status probe: <c>sharedDb.state</c>.</param>
public sealed record Observation(string Probe, TimeSpan Sent, TimeSpan Duration, int Status, string? Code, string? State)
{
    public TimeSpan Answered => Sent + Duration;

    public override string ToString() =>
        $"{Probe} sent {Sent.TotalSeconds:0.000}s took {Duration.TotalMilliseconds:0}ms → {Status} {Code ?? State}";
}

/// <summary>
/// Watches an API instance through a shared-DB outage as its clients see it. A team request (GET /api/v1/rbac/roles
/// with a team token) is sent every <see cref="TeamInterval"/> without waiting for the previous one, so a request that
/// hangs cannot hide the ones after it; /api/v1/installation/status is polled back to back. Every answer is recorded
/// with the time it was sent (on a clock that starts with the watch) and how long it took, body read included. The
/// clients' own timeout is far above the 5 s the contract allows a request, so a hang shows up as a long duration
/// instead of being cut short.
/// </summary>
public sealed class OutageWatch : IAsyncDisposable
{
    public const string Team = "team";
    public const string Status = "status";
    public const string TeamUrl = "/api/v1/rbac/roles";
    public const string StatusUrl = "/api/v1/installation/status";
    public static readonly TimeSpan TeamInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly ConcurrentQueue<Observation> _seen = new();
    readonly List<Task> _teamRequests = [];
    readonly CancellationTokenSource _stop = new();
    readonly HttpClient _team;
    readonly HttpClient _status;
    readonly Task _teamLoop;
    readonly Task _statusLoop;

    OutageWatch(ApiFactory api, string? teamToken)
    {
        _team = api.CreateClient();
        _team.Timeout = ClientTimeout;
        _status = api.CreateClient();
        _status.Timeout = ClientTimeout;
        if (teamToken is null)
        {
            _teamLoop = Task.CompletedTask;
        }
        else
        {
            _team.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", teamToken);
            _teamLoop = Task.Run(SendTeamRequestsAsync);
        }
        _statusLoop = Task.Run(PollStatusAsync);
    }

    /// <param name="api">The instance to watch.</param>
    /// <param name="teamToken">A team session's access token; without one only the status is polled (no team traffic).</param>
    public static OutageWatch Start(ApiFactory api, string? teamToken) => new(api, teamToken);

    /// <summary>The watch's clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The first answer to a request sent at or after <paramref name="sentFrom"/> that matches; waits (bounded) for one.</summary>
    public async Task<Observation> FirstAsync(Func<Observation, bool> match, TimeSpan sentFrom, TimeSpan within, string what)
    {
        var deadline = Now + within;
        while (true)
        {
            // Team requests overlap, so answers arrive out of send order: take the earliest answer. A request still out
            // cannot beat it, since it would answer later than now.
            var hit = _seen.Where(o => o.Sent >= sentFrom && match(o)).MinBy(o => o.Answered);
            if (hit is not null)
                return hit;
            if (Now > deadline)
                throw new TimeoutException($"No {what} within {within.TotalSeconds:0.#} s. Seen since {sentFrom.TotalSeconds:0.000}s:\n{Describe(sentFrom)}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the watch's clock reads <paramref name="time"/>.</summary>
    public async Task UntilAsync(TimeSpan time)
    {
        var left = time - Now;
        if (left > TimeSpan.Zero)
            await Task.Delay(left);
    }

    /// <summary>Stops sending, waits for every request still out, and returns everything seen, in the order sent.</summary>
    public async Task<IReadOnlyList<Observation>> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await Task.WhenAll(_teamLoop, _statusLoop);
        Task[] outstanding;
        lock (_teamRequests)
            outstanding = [.. _teamRequests];
        await Task.WhenAll(outstanding);
        return [.. _seen.OrderBy(o => o.Sent)];
    }

    public string Describe(TimeSpan sentFrom) =>
        string.Join('\n', _seen.Where(o => o.Sent >= sentFrom).OrderBy(o => o.Sent).Select(o => o.ToString()));

    async Task SendTeamRequestsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var sent = Now;
            var request = ObserveAsync(_team, Team, TeamUrl, sent);
            lock (_teamRequests)
                _teamRequests.Add(request);
            try { await Task.Delay(TeamInterval, _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    async Task PollStatusAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await ObserveAsync(_status, Status, StatusUrl, Now);
            try { await Task.Delay(TimeSpan.FromMilliseconds(20), _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    async Task ObserveAsync(HttpClient client, string probe, string url, TimeSpan sent)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(url, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            var duration = Stopwatch.GetElapsedTime(started);
            var body = Parse(text);
            _seen.Enqueue(new Observation(probe, sent, duration, (int)response.StatusCode, (string?)body?["code"], (string?)body?["sharedDb"]?["state"]));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _seen.Enqueue(new Observation(probe, sent, Stopwatch.GetElapsedTime(started), 0, e.GetType().Name, null));
        }
    }

    static JsonNode? Parse(string text)
    {
        try { return text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _team.Dispose();
        _status.Dispose();
    }
}
