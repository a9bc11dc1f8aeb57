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

    public static Problem Create(HttpContext ctx, int status, string code, string detail, IReadOnlyList<FieldError>? errors = null) => new()
    {
        Title = ReasonPhrases.GetReasonPhrase(status),
        Status = status,
        Detail = detail,
        Code = code,
        Message = detail,
        TraceId = Activity.Current?.TraceId.ToHexString() ?? ctx.TraceIdentifier,
        Errors = status == StatusCodes.Status400BadRequest ? errors ?? [] : null,
    };

    public static async Task WriteAsync(HttpContext ctx, int status, string code, string detail, IReadOnlyList<FieldError>? errors = null)
    {
        ctx.MarkResponseStart();
        ctx.Response.StatusCode = status;
        await ctx.Response.WriteAsJsonAsync(Create(ctx, status, code, detail, errors), ProblemJson.Options, ContentType, ctx.RequestAborted);
    }
}

public sealed record FieldError(string Field, string Message);
