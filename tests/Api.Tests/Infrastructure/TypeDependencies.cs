using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace WorkspaceOrganizer.Api.Tests.Infrastructure;

/// <summary>
/// Which top-level types each top-level type of an assembly uses, read from its IL: signatures, attributes, and every
/// type, method and field an instruction names — including generic method instances (an extension method such as
/// <c>ValidUsername&lt;T&gt;</c>), lambdas and other compiler-generated members, which NetArchTest 1.3 does not see.
/// Nested and generated types count as their top-level type.
/// </summary>
internal static class TypeDependencies
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(Assembly assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var uses = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var type in module.Types.Where(t => t.Name != "<Module>"))
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            Collect(type, found);
            found.Remove(type.FullName);
            uses[type.FullName] = found;
        }
        return uses;
    }

    static void Collect(TypeDefinition type, HashSet<string> found)
    {
        Add(type.BaseType, found);
        foreach (var i in type.Interfaces)
            Add(i.InterfaceType, found);
        Attributes(type.CustomAttributes, found);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, found);
            Attributes(field.CustomAttributes, found);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, found);
            Attributes(property.CustomAttributes, found);
        }
        foreach (var method in type.Methods)
        {
            Add(method.ReturnType, found);
            Attributes(method.CustomAttributes, found);
            foreach (var parameter in method.Parameters)
                Add(parameter.ParameterType, found);
            if (!method.HasBody)
                continue;
            foreach (var variable in method.Body.Variables)
                Add(variable.VariableType, found);
            foreach (var instruction in method.Body.Instructions)
                Operand(instruction, found);
        }
        foreach (var nested in type.NestedTypes)
            Collect(nested, found);
    }

    static void Operand(Instruction instruction, HashSet<string> found)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                Add(t, found);
                break;
            case MethodReference m:
                Add(m.DeclaringType, found);
                Add(m.ReturnType, found);
                foreach (var p in m.Parameters)
                    Add(p.ParameterType, found);
                if (m is GenericInstanceMethod g)
                    foreach (var a in g.GenericArguments)
                        Add(a, found);
                break;
            case FieldReference f:
                Add(f.DeclaringType, found);
                Add(f.FieldType, found);
                break;
        }
    }

    static void Attributes(IEnumerable<CustomAttribute> attributes, HashSet<string> found)
    {
        foreach (var attribute in attributes)
            Add(attribute.AttributeType, found);
    }

    static void Add(TypeReference? type, HashSet<string> found)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType g:
                Add(g.ElementType, found);
                foreach (var a in g.GenericArguments)
                    Add(a, found);
                return;
            case TypeSpecification s:
                Add(s.ElementType, found);
                return;
        }
        var top = type!;
        while (top.DeclaringType is not null)
            top = top.DeclaringType;
        found.Add(top.FullName);
    }
}
