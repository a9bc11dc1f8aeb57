using System.Diagnostics;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.AspNetCore.WebUtilities;

namespace WorkspaceOrganizer.Api.Infrastructure.Errors;

/// <summary>The one shape every error takes: RFC 9457 problem+json plus <c>code</c>, <c>message</c>, <c>traceId</c>.</summary>
public sealed class Problem
{
    public const string ContentType = "application/problem+json";

    public string Type { get; init; } = "about:blank";
    public required string Title { get; init; }
    public required int Status { get; init; }
    public required string Detail { get; init; }
    public required string Code { get; init; }
    public required string Message { get; init; }
    public required string TraceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldError>? Errors { get; init; }

    /// <summary>
    /// A 400 with field errors says in <c>detail</c> and <c>message</c> which field failed first and why — clients show
    /// <c>message</c> — and keeps the full list in <c>errors</c>.
    /// </summary>
    public static Problem Create(HttpContext ctx, int status, string code, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        if (status == StatusCodes.Status400BadRequest && errors is { Count: > 0 })
            detail = FieldError.Summary(errors);
        return new()
        {
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
            Code = code,
            Message = detail,
            TraceId = Activity.Current?.TraceId.ToHexString() ?? ctx.TraceIdentifier,
            Errors = status == StatusCodes.Status400BadRequest ? errors ?? [] : null,
        };
    }

    public static async Task WriteAsync(HttpContext ctx, int status, string code, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        ctx.MarkResponseStart();
        ctx.Response.StatusCode = status;
        await ctx.Response.WriteAsJsonAsync(Create(ctx, status, code, detail, errors), ProblemJson.Options, ContentType, ctx.RequestAborted);
    }
}

public sealed record FieldError(string Field, string Message)
{
    /// <summary><c>name: must not be empty. (and 2 more)</c>: the first error, and how many follow.</summary>
    public static string Summary(IReadOnlyList<FieldError> errors)
    {
        var first = errors[0];
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return $"{first.Field}: {WithoutOwnName(first)}{more}";
    }

    /// <summary>
    /// A message that starts with the member's own name — FluentValidation's (<c>'New Password' must not be empty.</c>) or
    /// a rule's (<c>workspaceId names the workspace…</c>) — would say it twice after <c>field:</c>; the name is dropped.
    /// </summary>
    static string WithoutOwnName(FieldError error)
    {
        var message = error.Message;
        var member = error.Field[(error.Field.LastIndexOf('.') + 1)..];
        if (member.Length > 0 && message.Length > member.Length + 1 && message.StartsWith(member + " ", StringComparison.OrdinalIgnoreCase))
            return message[(member.Length + 1)..];
        var end = message.Length > 2 && message[0] == '\'' ? message.IndexOf("' ", 1, StringComparison.Ordinal) : -1;
        if (end < 0)
            return message;
        var quoted = message[1..end].Replace(" ", "", StringComparison.Ordinal);
        return string.Equals(quoted, member, StringComparison.OrdinalIgnoreCase) ? message[(end + 2)..] : message;
    }
}
