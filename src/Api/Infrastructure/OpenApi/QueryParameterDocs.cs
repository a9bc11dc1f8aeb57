using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// A query parameter an endpoint reads by hand (it has no request DTO because it streams its body), for the OpenAPI
/// document. Declared with <see cref="QueryParameterDocsExtensions.TakesQuery(RouteHandlerBuilder, string, string, bool)"/>.
/// </summary>
public sealed record QueryParameterDoc(string Name, string Description, JsonObjectType Type, object Default, IReadOnlyList<string> Values);

public static class QueryParameterDocsExtensions
{
    /// <summary>An optional string parameter, one of <paramref name="values"/>.</summary>
    public static RouteHandlerBuilder TakesQuery(this RouteHandlerBuilder builder, string name, string description, string defaultValue, params string[] values) =>
        builder.WithMetadata(new QueryParameterDoc(name, description, JsonObjectType.String, defaultValue, values));

    /// <summary>An optional boolean parameter.</summary>
    public static RouteHandlerBuilder TakesQuery(this RouteHandlerBuilder builder, string name, string description, bool defaultValue) =>
        builder.WithMetadata(new QueryParameterDoc(name, description, JsonObjectType.Boolean, defaultValue, []));
}

/// <summary>Writes each <see cref="QueryParameterDoc"/> of an endpoint as an optional query parameter.</summary>
internal sealed class QueryParameterDocsProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (context is not AspNetCoreOperationProcessorContext aspNet)
            return true;
        foreach (var doc in aspNet.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<QueryParameterDoc>())
        {
            var schema = new JsonSchema { Type = doc.Type, Default = doc.Default };
            foreach (var value in doc.Values)
                schema.Enumeration.Add(value);
            context.OperationDescription.Operation.Parameters.Add(new OpenApiParameter
            {
                Name = doc.Name,
                Kind = OpenApiParameterKind.Query,
                IsRequired = false,
                Description = doc.Description,
                Schema = schema,
            });
        }
        return true;
    }
}
