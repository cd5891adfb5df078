using System.Diagnostics;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Telemetry;

/// <summary>
/// The span of one Function run, started the same way by both hosts: the worker middleware
/// (<see cref="QueueTraceMiddleware"/>) for queue Functions under the Functions host, and the local host's invoker for
/// every Function. A queue Function's run is the child of the span that queued its message, so a ticket's path from the
/// form to each SMS is one trace.
/// </summary>
public static class FunctionTrace
{
    public const string Http = "http";
    public const string Queue = "pubsub";
    public const string Timer = "timer";

    /// <summary>
    /// Starts the run of <paramref name="function"/>. <paramref name="parent"/> default: the current span's child, or a
    /// new trace. <paramref name="link"/>: another span the run belongs to (the worker's own invocation span).
    /// </summary>
    public static Activity? Start(string function, string trigger, ActivityContext parent = default, string? queue = null, ActivityContext? link = null)
    {
        var kind = trigger switch
        {
            Http => ActivityKind.Server,
            Queue => ActivityKind.Consumer,
            _ => ActivityKind.Internal,
        };
        var links = link is { } other && other != default ? new[] { new ActivityLink(other) } : null;
        var run = DeskTelemetry.Source.StartActivity(function, kind, parent, links: links);
        run?.SetTag("faas.trigger", trigger);
        run?.SetTag("faas.name", function);
        if (queue is not null)
        {
            run?.SetTag("messaging.destination.name", queue);
        }
        return run;
    }

    /// <summary>A queue Function's run, as the child of the span that queued <paramref name="message"/> (a new trace when it carries none).</summary>
    public static Activity? StartQueueRun(string function, string? queue, string? message, ActivityContext? link = null) =>
        Start(function, Queue, QueueTraceContext.Extract(message) ?? default, queue, link);

    /// <summary>Marks the run failed with the exception's type only: messages can quote data.</summary>
    public static void Failed(Activity? run, Exception ex) => run?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
}
