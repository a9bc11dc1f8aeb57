using System.Globalization;
using Dapper;
using FastEndpoints;
using FluentValidation;

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
    /// <c>WHERE</c> with one fixed fragment per filter present and each of <paramref name="more"/> (also fixed
    /// fragments of the caller's), or nothing; the filter's values are added to <paramref name="parameters"/>.
    /// </summary>
    public static string Where(IAuditFilter filter, DynamicParameters parameters, params ReadOnlySpan<string> more)
    {
        var conditions = new List<string>(6 + more.Length);
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
        foreach (var condition in more)
            conditions.Add(condition);
        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
    }
}
