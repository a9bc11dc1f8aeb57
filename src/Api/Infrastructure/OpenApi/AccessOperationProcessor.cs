using FastEndpoints;
using Namotion.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using WorkspaceOrganizer.Api.Infrastructure.Errors;
using WorkspaceOrganizer.Api.Infrastructure.Security;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// Writes each operation's access rule (<c>x-access</c>, the bearer requirement) and its error responses with their
/// machine codes into the document, from the same <see cref="Access"/> metadata the pre-processors enforce.
/// </summary>
internal sealed class AccessOperationProcessor : IOperationProcessor
{
    static readonly Dictionary<int, string[]> CodesByStatus = new()
    {
        [400] = [ErrorCodes.ValidationError],
        [401] = [ErrorCodes.Unauthorized, ErrorCodes.TokenExpired],
        [403] = [ErrorCodes.Forbidden],
        [404] = [ErrorCodes.NotFound],
        [409] = [ErrorCodes.Conflict],
        [412] = [ErrorCodes.PreconditionFailed],
        [413] = [ErrorCodes.PayloadTooLarge],
        [415] = [ErrorCodes.UnsupportedMediaType],
        [429] = [ErrorCodes.RateLimited],
        [500] = [ErrorCodes.InternalError],
        [503] = [ErrorCodes.NotConfigured, ErrorCodes.SharedDbUnavailable],
    };

    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext aspNet)
            return true;
        var metadata = aspNet.ApiDescription.ActionDescriptor.EndpointMetadata;
        var access = metadata.OfType<Access>().FirstOrDefault();
        if (access is null)
            return true;

        var operation = context.OperationDescription.Operation;
        operation.ExtensionData ??= new Dictionary<string, object?>();
        operation.ExtensionData["x-access"] = access.Description;
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Access: {access.Description}." : $"{operation.Description}\n\nAccess: {access.Description}.";

        var problem = context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(typeof(Problem).ToContextualType(), false, context.SchemaResolver);
        if (access.RequiresSession)
        {
            operation.Security = [new OpenApiSecurityRequirement { ["Bearer"] = [] }];
            AddProblem(operation, problem, 401);
        }
        else
        {
            operation.Security = [];
        }

        if (access.Permissions.Count > 0 || access.LocalOwnerOnly)
            AddProblem(operation, problem, 403);
        if (access.IsTeam)
            AddProblem(operation, problem, 503);
        var takesInput = metadata.OfType<EndpointDefinition>().FirstOrDefault()?.ReqDtoType is { } request && request != typeof(EmptyRequest);
        if (takesInput)
            AddProblem(operation, problem, 400);
        if (takesInput && context.OperationDescription.Method is "post" or "put" or "patch")
        {
            AddProblem(operation, problem, 413);
            AddProblem(operation, problem, 415);
        }
        AddProblem(operation, problem, 500);

        var declared = metadata.OfType<ProblemCodes>().ToList();
        foreach (var status in metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Select(m => m.StatusCode).Where(s => s >= 400))
            AddProblem(operation, problem, status, declared.Where(d => d.Status == status).SelectMany(d => d.Codes).ToArray());

        return true;
    }

    static void AddProblem(OpenApiOperation operation, JsonSchema problem, int status, string[]? declaredCodes = null)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var codes = declaredCodes is { Length: > 0 } ? string.Join(", ", declaredCodes)
            : CodesByStatus.TryGetValue(status, out var known) ? string.Join(", ", known) : "see detail";
        var response = new OpenApiResponse { Description = $"Problem details; code: {codes}" };
        response.Content["application/problem+json"] = new OpenApiMediaType { Schema = problem };
        operation.Responses[key] = response;
    }
}
