using FastEndpoints;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// Routes an endpoint also answers under the name the original web client uses (contract §14). The endpoint lists them in
/// its own <c>Routes(…)</c>, so an alias is the same handler with the same access rule; this marks them deprecated in the
/// OpenAPI document. <c>docs/compatibility.md</c> lists every alias and why it is kept.
/// </summary>
public sealed record ClientAliases(IReadOnlyList<string> Routes);

public static class ClientAliasExtensions
{
    /// <summary>Marks these of the endpoint's routes (written as in its <c>Routes(…)</c>) as the original client's aliases.</summary>
    public static void ClientAliases(this BaseEndpoint endpoint, params string[] routes) =>
        endpoint.Definition.Metadata(new ClientAliases(routes));
}

internal sealed class ClientAliasOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext aspNet)
            return true;
        var aliases = aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ClientAliases>().SingleOrDefault();
        var path = context.OperationDescription.Path;
        if (aliases is null || !aliases.Routes.Any(route => path.EndsWith("/" + route.Trim('/'), StringComparison.Ordinal)))
            return true;

        var operation = context.OperationDescription.Operation;
        operation.IsDeprecated = true;
        const string Note = "Deprecated: the name the original web client uses, kept for it (see docs/compatibility.md).";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? Note : $"{Note}\n\n{operation.Description}";

        // An alias may lack a parameter of the contract's route (personal-projects for workspaces/{id}/projects); the
        // generator then lists that [RouteParam] member as a query parameter, which it is never bound from.
        if (aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault()?.ReqDtoType is { } request)
        {
            var routeOnly = request.GetProperties().Where(p => p.IsDefined(typeof(RouteParamAttribute), true))
                .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && routeOnly.Contains(p.Name)).ToList())
                operation.Parameters.Remove(parameter);
        }
        return true;
    }
}
