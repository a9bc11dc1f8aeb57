using NJsonSchema.Generation;

namespace WorkspaceOrganizer.Api.Infrastructure.OpenApi;

/// <summary>
/// Every slice names its types <c>Request</c> and <c>Response</c>; the slice folder tells them apart in the document:
/// <c>CreateWorkspaceRequest</c>. Types outside a slice keep their own name.
/// </summary>
internal sealed class SliceSchemaNames : ISchemaNameGenerator
{
    public string Generate(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", type.GetGenericArguments().Select(Generate))
            : type.Name;
        if (type.DeclaringType is { } outer)
            return Generate(outer) + name;
        return name is "Request" or "Response" && type.Namespace is { } ns ? ns[(ns.LastIndexOf('.') + 1)..] + name : name;
    }
}
