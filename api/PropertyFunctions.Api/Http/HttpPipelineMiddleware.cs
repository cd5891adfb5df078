using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace PropertyFunctions.Api.Http;

/// <summary>
/// Runs <see cref="HttpPipeline"/> around every HTTP Function under the Functions host. It comes after the ASP.NET Core
/// integration's own middleware, which executes the <see cref="IActionResult"/> left as the invocation's result.
/// </summary>
internal sealed class HttpPipelineMiddleware(HttpPipeline pipeline) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, MethodInfo> Methods = new();

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        var method = Methods.GetOrAdd(context.FunctionId, _ => EntryPoint(context.FunctionDefinition.EntryPoint));
        var result = await pipeline.RunAsync(http, method, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IActionResult;
        });
        context.GetInvocationResult().Value = result;
    }

    /// <summary>"Namespace.Type.Method", as functions.metadata names it.</summary>
    private static MethodInfo EntryPoint(string entryPoint)
    {
        var split = entryPoint.LastIndexOf('.');
        var type = typeof(HttpPipelineMiddleware).Assembly.GetType(entryPoint[..split], throwOnError: true)!;
        return type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, entryPoint[(split + 1)..]);
    }
}
