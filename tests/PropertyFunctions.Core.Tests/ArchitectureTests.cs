using System.Reflection;
using System.Reflection.Emit;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

/// <summary>
/// Core is a set of modules (one namespace each) that depend on each other in one direction only. The graph is read
/// from the compiled assembly: signatures, fields and every type, method and field a method body touches (IL), so a
/// static call hidden in a method body counts as much as a constructor parameter.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "PropertyFunctions.Core";
    private static readonly Assembly Core = typeof(Ticket).Assembly;

    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph();
        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();
        var described = cycles.Select(c => string.Join(", ", c.SelectMany(from => graph[from].Where(c.Contains).Select(to => $"{from} → {to}"))));
        Assert.True(cycles.Count == 0, "Namespace cycles in Core:\n" + string.Join("\n", described));
    }

    [Fact]
    public void Shared_primitives_depend_on_no_feature()
    {
        var graph = NamespaceGraph();
        Assert.Empty(graph.GetValueOrDefault("Common", []));
    }

    [Fact]
    public void Core_has_no_Azure_dependency() =>
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Azure", StringComparison.Ordinal)
            || a.Name.StartsWith("Microsoft.Azure", StringComparison.Ordinal));

    [Fact]
    public void Core_reports_telemetry_with_the_platform_types_only() =>
        // ActivitySource and Meter are System.Diagnostics; the hosts add OpenTelemetry.
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal));

    /// <summary>Edges between Core's first-level namespaces (<c>PropertyFunctions.Core.Tickets</c> → "Tickets").</summary>
    internal static Dictionary<string, HashSet<string>> NamespaceGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in Core.GetTypes())
        {
            if (Module(type) is not { } from)
            {
                continue;
            }
            var edges = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in Uses(type))
            {
                if (Module(used) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }
        return graph;
    }

    private static string? Module(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        if (type.Assembly != Core || type.Namespace is not { } ns || !ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Uses(Type type)
    {
        var found = new List<Type?> { type.BaseType };
        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetFields(Everything).Select(f => f.FieldType));
        found.AddRange(type.GetProperties(Everything).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }
            found.AddRange(BodyReferences(method));
        }
        return found.OfType<Type>().SelectMany(Expand);
    }

    /// <summary>A type with its element and generic argument types: <c>List&lt;Ticket&gt;</c> uses Ticket.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var t in Expand(element))
            {
                yield return t;
            }
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body names: whatever its call, newobj, ldfld, ldtoken, castclass… instructions refer to.</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            il = null;
        }
        if (il is null)
        {
            yield break;
        }
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    if (Resolve(method.Module, token, typeArgs, methodArgs) is { } type)
                    {
                        yield return type;
                    }
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += op.OperandType switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
    }

    private static Type? Resolve(System.Reflection.Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs) switch
            {
                Type t => t,
                MemberInfo m => m.DeclaringType,
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Tarjan's algorithm: the groups of namespaces that reach each other.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v, []))
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }
            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var v in graph.Keys.Where(v => !index.ContainsKey(v)).ToList())
        {
            Visit(v);
        }
        return result;
    }
}
