using System.Reflection;
using FastEndpoints;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// A query parameter bound to a non-nullable value-type property (<c>page</c>, <c>pageSize</c>) is optional: when it is
/// absent the property keeps its initial value. NSwag marks such parameters required, which makes generated clients
/// demand them; this writes them as optional, with that initial value as the default.
/// </summary>
internal sealed class QueryDefaultsOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext aspNet
            || aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault()?.ReqDtoType is not { } requestType
            || requestType == typeof(EmptyRequest)
            || requestType.GetConstructor(Type.EmptyTypes) is null)
            return true;

        var initial = Activator.CreateInstance(requestType);
        foreach (var parameter in context.OperationDescription.Operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && p.IsRequired))
        {
            var property = requestType.GetProperty(parameter.Name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null)
                continue;
            parameter.IsRequired = false;
            if (parameter.Schema is { } schema)
                schema.Default = property.GetValue(initial);
        }
        return true;
    }
}
