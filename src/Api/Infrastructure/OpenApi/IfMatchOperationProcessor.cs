using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using WorkspaceOrganizer.Api.Infrastructure.Http;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// An endpoint that declares a <c>412</c> takes the optional <c>If-Match</c> header (read by <see cref="Versions.ReadIfMatch"/>,
/// not bound to the request, so nothing else documents it).
/// </summary>
internal sealed class IfMatchOperationProcessor : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var operation = context.OperationDescription.Operation;
        if (!operation.Responses.ContainsKey("412"))
            return true;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            Kind = OpenApiParameterKind.Header,
            IsRequired = false,
            Description = "The version this change is based on, as its ETag (\"3\"), a comma-separated list of them, or *; " +
                          "a resource at another version is not changed (412). Anything else is a 400 on ifMatch.",
            Schema = new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String },
        });
        return true;
    }
}
