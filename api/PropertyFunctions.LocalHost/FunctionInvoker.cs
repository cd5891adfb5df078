using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Api.Telemetry;

namespace PropertyFunctions.LocalHost;

/// <summary>What a trigger hands to a Function: the HTTP context, a queue message's text, or a timer tick.</summary>
public sealed record TriggerInput(HttpContext? Http = null, string? Message = null, TimerInfo? Timer = null);

/// <summary>
/// Calls a Function's method the way the isolated worker does: a new instance per call from the
/// DI container (constructor injection), parameters bound from the trigger, and an
/// <see cref="IActionResult"/> written to the response. Each call is a span (<see cref="FunctionTrace"/>): a queue
/// Function's continues the trace its message carries, an HTTP Function's the caller's <c>traceparent</c>.
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, HttpPipeline pipeline)
{
    /// <summary>Throws at start-up when a Function has a parameter this host cannot bind, rather than at the first call.</summary>
    public static void EnsureBindable(LocalFunction function)
    {
        foreach (var parameter in function.Method.GetParameters())
        {
            var type = parameter.ParameterType;
            var supported = type == typeof(HttpRequest) || type == typeof(CancellationToken) || type == typeof(TimerInfo)
                || type == typeof(string);
            if (!supported)
            {
                throw new NotSupportedException(
                    $"Function {function.Name}: parameter '{parameter.Name}' of type {type.Name} cannot be bound by the local host.");
            }
        }
    }

    public async Task InvokeAsync(LocalFunction function, TriggerInput input, CancellationToken ct)
    {
        using var run = Start(function, input);
        try
        {
            await RunAsync(function, input, ct);
        }
        catch (Exception ex)
        {
            FunctionTrace.Failed(run, ex);
            throw;
        }
    }

    /// <summary>
    /// The run's span, with the parent the Functions host would give it: the queued message's context, the HTTP caller's
    /// <c>traceparent</c>, or none (a new trace). Never ASP.NET Core's request activity, which exists for log scopes and
    /// is recorded by nothing, so a span under it would be dropped.
    /// </summary>
    private static Activity? Start(LocalFunction function, TriggerInput input)
    {
        var ambient = Activity.Current;
        Activity.Current = null;
        var run = function.Trigger.Type switch
        {
            "queueTrigger" => FunctionTrace.StartQueueRun(function.Name, function.Trigger.QueueName, input.Message),
            "httpTrigger" => FunctionTrace.Start(function.Name, FunctionTrace.Http, input.Http is { } http ? CallerContext(http) : default),
            _ => FunctionTrace.Start(function.Name, FunctionTrace.Timer),
        };
        if (run is null)
        {
            Activity.Current = ambient;
        }
        return run;
    }

    /// <summary>The caller's W3C trace context (<c>traceparent</c>, <c>tracestate</c>), as the Functions host reads it.</summary>
    private static ActivityContext CallerContext(HttpContext http) =>
        ActivityContext.TryParse(http.Request.Headers.TraceParent.ToString(), http.Request.Headers.TraceState.ToString(), isRemote: true, out var context)
            ? context
            : default;

    private async Task RunAsync(LocalFunction function, TriggerInput input, CancellationToken ct)
    {
        if (input.Http is { } http)
        {
            // The same pipeline the worker middleware runs in Azure: correlation id, staff role, dependency failures as 503.
            var result = await pipeline.RunAsync(http, function.Method, async () => await CallAsync(function, input, ct) as IActionResult);
            if (result is not null)
            {
                await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
            }
            return;
        }
        await CallAsync(function, input, ct);
    }

    /// <summary>Calls the Function's method and answers what it returned (awaited when it is a task).</summary>
    private async Task<object?> CallAsync(LocalFunction function, TriggerInput input, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(function, p, input, ct)).ToArray();
        object? returned;
        try
        {
            returned = function.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        if (returned is Task task)
        {
            await task;
            returned = task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
        }
        (instance as IDisposable)?.Dispose();
        return returned;
    }

    private static object? Bind(LocalFunction function, ParameterInfo parameter, TriggerInput input, CancellationToken ct)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return ct;
        }
        if (type == typeof(HttpRequest))
        {
            return input.Http?.Request;
        }
        if (type == typeof(TimerInfo))
        {
            return input.Timer ?? new TimerInfo();
        }
        if (parameter.Name == function.Trigger.Name)
        {
            return input.Message;
        }
        // Any other string is a route parameter, as in the worker's HTTP binding.
        return input.Http?.GetRouteValue(parameter.Name!)?.ToString();
    }
}
