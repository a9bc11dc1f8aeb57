using FastEndpoints;
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
        return true;
    }
}
