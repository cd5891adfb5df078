using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using PropertyFunctions.Azure.Storage;

namespace PropertyFunctions.Api.Telemetry;

/// <summary>
/// Under the Functions host: a queue Function whose message carries a trace context (every message this app sends)
/// runs inside a span that continues that trace (<see cref="FunctionTrace.StartQueueRun"/>), linked to the worker's own
/// invocation span. Other Functions, and messages from elsewhere (Event Grid's SMS events), keep the worker's span alone.
/// The local host does the same in its invoker, since it runs no worker pipeline.
/// </summary>
public sealed class QueueTraceMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var trigger = context.FunctionDefinition.InputBindings.Values
            .FirstOrDefault(b => string.Equals(b.Type, "queueTrigger", StringComparison.OrdinalIgnoreCase));
        if (trigger is null)
        {
            await next(context);
            return;
        }
        var message = await context.BindInputAsync<string>(trigger);
        using var run = QueueTraceContext.Extract(message.Value) is { } parent
            ? FunctionTrace.Start(context.FunctionDefinition.Name, FunctionTrace.Queue, parent, link: Activity.Current?.Context)
            : null;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            FunctionTrace.Failed(run, ex);
            throw;
        }
    }
}
