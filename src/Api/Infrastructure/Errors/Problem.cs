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

    /// <summary>FluentValidation's own messages start with the member's name (<c>'New Password' must not be empty.</c>); after <c>field:</c> it would be said twice.</summary>
    static string WithoutOwnName(FieldError error)
    {
        var message = error.Message;
        var end = message.Length > 2 && message[0] == '\'' ? message.IndexOf("' ", 1, StringComparison.Ordinal) : -1;
        if (end < 0)
            return message;
        var quoted = message[1..end].Replace(" ", "", StringComparison.Ordinal);
        var member = error.Field[(error.Field.LastIndexOf('.') + 1)..];
        return string.Equals(quoted, member, StringComparison.OrdinalIgnoreCase) ? message[(end + 2)..] : message;
    }
}
