using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PropertyFunctions.LocalHost;

/// <summary>One entry of functions.metadata, the file the Worker SDK generates and the Functions host reads.</summary>
public sealed record FunctionMetadata(
    string Name,
    string ScriptFile,
    string EntryPoint,
    IReadOnlyList<BindingMetadata> Bindings)
{
    public BindingMetadata Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
}

public sealed record BindingMetadata(
    string Name,
    string Type,
    string Direction,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? QueueName = null,
    string? Schedule = null,
    string? AuthLevel = null);

/// <summary>A Function ready to call: its metadata and the method the entry point names.</summary>
public sealed record LocalFunction(FunctionMetadata Metadata, Type Type, MethodInfo Method)
{
    public string Name => Metadata.Name;
    public BindingMetadata Trigger => Metadata.Trigger;
}

public static class FunctionCatalog
{
    public const string FileName = "functions.metadata";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static IReadOnlyList<FunctionMetadata> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found: build the Function app (dotnet build) so the Worker SDK generates it.", path);
        }
        return JsonSerializer.Deserialize<List<FunctionMetadata>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>Reads the metadata next to this program and resolves every entry point, failing fast on any it cannot run.</summary>
    public static IReadOnlyList<LocalFunction> Load(string directory)
    {
        var functions = new List<LocalFunction>();
        foreach (var metadata in Read(Path.Combine(directory, FileName)))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(Path.Combine(directory, metadata.ScriptFile)));
            var split = metadata.EntryPoint.LastIndexOf('.');
            var type = assembly.GetType(metadata.EntryPoint[..split], throwOnError: true)!;
            var method = type.GetMethod(metadata.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                ?? throw new MissingMethodException(type.FullName, metadata.EntryPoint[(split + 1)..]);
            functions.Add(new LocalFunction(metadata, type, method));
        }
        return functions;
    }
}
