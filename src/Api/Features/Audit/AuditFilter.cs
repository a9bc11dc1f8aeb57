using System.Globalization;
using Dapper;
using FastEndpoints;
using FluentValidation;
using Npgsql;

namespace WorkspaceOrganizer.Api.Features.Audit;

/// <summary>The filters that listing and exporting the log share; every one present narrows the result.</summary>
internal interface IAuditFilter
{
    /// <summary>The acting account's id (a UUID).</summary>
    string? ActorId { get; }

    /// <summary>An exact action, <c>&lt;resource&gt;.&lt;verb&gt;</c>.</summary>
    string? Action { get; }

    string? ResourceType { get; }

    /// <summary>Only together with <see cref="ResourceType"/>: ids are unique within a type, not across types.</summary>
    string? ResourceId { get; }

    /// <summary>ISO-8601 instant, inclusive.</summary>
    string? From { get; }

    /// <summary>ISO-8601 instant, exclusive.</summary>
    string? To { get; }
}

internal static class AuditFilter
{
    public const int MaxTextLength = 200;

    // The WHERE clause is assembled from these fixed fragments only; values travel as parameters.
    const string ByActor = "a.actor_user_id = @ActorId";
    const string ByAction = "a.action = @Action";
    const string ByResourceType = "a.resource_type = @ResourceType";
    const string ByResourceId = "a.resource_id = @ResourceId";
    const string ByFrom = "a.occurred_at >= @From";
    const string ByTo = "a.occurred_at < @To";
    const string FromLowestInWindow = "a.sequence >= @WindowLo";
    const string UpToHighestInWindow = "a.sequence <= @WindowHi";

    /// <summary>
    /// Where the time window lies in sequence order, estimated from the entries nearest to its edges in time (two
    /// lookups in ix_audit_log_occurred) — only to choose a plan, never to decide what matches.
    /// </summary>
    const string WindowPositionsSql = """
        SELECT (SELECT max(b.sequence) FROM audit_log b) AS Newest,
               (SELECT b.sequence FROM audit_log b WHERE b.occurred_at >= @From::timestamptz ORDER BY b.occurred_at, b.sequence LIMIT 1) AS AtFrom,
               (SELECT b.sequence FROM audit_log b WHERE b.occurred_at >= @To::timestamptz ORDER BY b.occurred_at, b.sequence LIMIT 1) AS AtTo
        """;

    /// <summary>
    /// The exact lowest and highest sequence in the time window: one index-only pass over its entries in
    /// ix_audit_log_occurred. <c>+ 0</c> keeps PostgreSQL from answering min/max by walking the sequence index with the
    /// time condition as a filter, which is the slow plan this exists to avoid.
    /// </summary>
    const string WindowBoundsSql = """
        SELECT min(b.sequence + 0) AS Lo, max(b.sequence + 0) AS Hi
        FROM audit_log b
        WHERE b.occurred_at >= coalesce(@From::timestamptz, '-infinity') AND b.occurred_at < coalesce(@To::timestamptz, 'infinity')
        """;

    /// <summary>Up to this many entries in the window, finding its exact bounds costs a few tens of milliseconds.</summary>
    const long SmallWindow = 100_000;

    /// <summary>
    /// Measured at a million entries: testing a row's time while walking the sequence index (a heap fetch) costs about
    /// four times as much as reading an entry in the bounds' index-only pass.
    /// </summary>
    const long FilterCostRatio = 4;

    /// <summary>
    /// ISO-8601 as the API writes it, with or without fraction and seconds; no offset means UTC; a date alone is its
    /// midnight UTC. Nothing culture-dependent ("03/01/2026") is accepted.
    /// </summary>
    static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParseInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    static DateTimeOffset? Instant(string? text) => TryParseInstant(text, out var instant) ? instant : null;

    public static void ValidateAuditFilter<T>(this Validator<T> validator) where T : IAuditFilter
    {
        validator.RuleFor(x => x.ActorId).Must(id => Guid.TryParse(id, out _)).When(x => x.ActorId is not null)
            .WithMessage("actorId must be an account id (a UUID).");
        validator.RuleFor(x => x.Action).Matches("^[a-z_]+\\.[a-z_]+$").When(x => x.Action is not null)
            .WithMessage("action must be '<resource>.<verb>' in lower case, e.g. 'script.created'.");
        validator.RuleFor(x => x.ResourceType).NotEmpty().MaximumLength(MaxTextLength).When(x => x.ResourceType is not null)
            .WithMessage($"resourceType must be 1 to {MaxTextLength} characters.");
        validator.RuleFor(x => x.ResourceId).NotEmpty().MaximumLength(MaxTextLength).When(x => x.ResourceId is not null)
            .WithMessage($"resourceId must be 1 to {MaxTextLength} characters.");
        validator.RuleFor(x => x.ResourceId).Null().When(x => x.ResourceType is null)
            .WithMessage("resourceId needs resourceType: ids are unique within a resource type.");
        validator.RuleFor(x => x.From).Must(t => TryParseInstant(t, out _)).When(x => x.From is not null)
            .WithMessage("from must be an ISO-8601 instant, e.g. 2026-03-01T00:00:00Z.");
        validator.RuleFor(x => x.To).Must(t => TryParseInstant(t, out _)).When(x => x.To is not null)
            .WithMessage("to must be an ISO-8601 instant, e.g. 2026-04-01T00:00:00Z.");
        validator.RuleFor(x => x.To).Must((x, to) => Instant(to) > Instant(x.From))
            .When(x => Instant(x.From) is not null && Instant(x.To) is not null)
            .WithMessage("to must be later than from (from is inclusive, to exclusive).");
    }

    /// <summary>
    /// Time filters select by <c>occurred_at</c> but pages are ordered by sequence, and the two orders only nearly agree
    /// (clocks of several instances, time taken before the append's lock). Left alone, PostgreSQL walks the sequence
    /// index from the newest entry and tests each row's time: a window deep in history costs a scan of everything
    /// newer (seconds at a million entries), and a last page scans everything older. So when a time filter is present,
    /// and its window is small or finding its bounds costs less than skipping what lies above it, the window's exact
    /// lowest and highest sequence are looked up first and bound the scan. Null when no time filter is given or the
    /// plain scan is cheaper; <see cref="SequenceWindow.Empty"/> when nothing is in the window. <c>below</c> is the
    /// list's cursor (the scan starts under it); <c>always</c> bounds whenever there is a time filter (an export reads
    /// the whole window anyway).
    /// </summary>
    public static async Task<SequenceWindow?> SequenceWindowAsync(NpgsqlConnection connection, IAuditFilter filter, long? below, bool always, CancellationToken ct)
    {
        var from = Instant(filter.From);
        var to = Instant(filter.To);
        if (from is null && to is null)
            return null;
        var times = new { From = from, To = to };
        if (!always)
        {
            var at = await connection.QuerySingleAsync<WindowPositions>(new CommandDefinition(WindowPositionsSql, times, cancellationToken: ct));
            if (at.Newest is not { } newest)
                return SequenceWindow.Empty;
            var top = Math.Min(newest, (below ?? long.MaxValue) - 1);
            var start = from is null ? 1 : at.AtFrom ?? newest + 1;
            var end = at.AtTo ?? newest + 1;
            var width = Math.Max(0, end - start);
            var skipped = Math.Max(0, top - end + 1);
            if (width > SmallWindow && width >= FilterCostRatio * skipped)
                return null;
        }
        var bounds = await connection.QuerySingleAsync<SequenceWindow>(new CommandDefinition(WindowBoundsSql, times, cancellationToken: ct));
        return bounds.Lo is null ? SequenceWindow.Empty : bounds;
    }

    /// <summary>
    /// <c>WHERE</c> with one fixed fragment per filter present and each of <paramref name="more"/> (also fixed
    /// fragments of the caller's), or nothing; the filter's values are added to <paramref name="parameters"/>.
    /// </summary>
    public static string Where(IAuditFilter filter, SequenceWindow? window, DynamicParameters parameters, params ReadOnlySpan<string> more)
    {
        var conditions = new List<string>(8 + more.Length);
        if (filter.ActorId is not null)
        {
            conditions.Add(ByActor);
            parameters.Add("ActorId", Guid.Parse(filter.ActorId).ToString("D"));
        }
        if (filter.Action is not null)
        {
            conditions.Add(ByAction);
            parameters.Add("Action", filter.Action);
        }
        if (filter.ResourceType is not null)
        {
            conditions.Add(ByResourceType);
            parameters.Add("ResourceType", filter.ResourceType);
        }
        if (filter.ResourceId is not null)
        {
            conditions.Add(ByResourceId);
            parameters.Add("ResourceId", filter.ResourceId);
        }
        if (Instant(filter.From) is { } from)
        {
            conditions.Add(ByFrom);
            parameters.Add("From", from);
        }
        if (Instant(filter.To) is { } to)
        {
            conditions.Add(ByTo);
            parameters.Add("To", to);
        }
        if (window is { Lo: { } lo, Hi: { } hi })
        {
            conditions.Add(FromLowestInWindow);
            conditions.Add(UpToHighestInWindow);
            parameters.Add("WindowLo", lo);
            parameters.Add("WindowHi", hi);
        }
        foreach (var condition in more)
            conditions.Add(condition);
        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
    }
}

/// <summary>The lowest and highest sequence in a time window; both null when it holds no entry.</summary>
internal sealed record SequenceWindow(long? Lo, long? Hi)
{
    public static readonly SequenceWindow Empty = new(null, null);

    public bool IsEmpty => Lo is null;
}

internal sealed record WindowPositions(long? Newest, long? AtFrom, long? AtTo);
