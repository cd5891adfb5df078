using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// The W3C trace context inside a work-queue message: <see cref="QueueWorkQueue"/> adds the sending span as
/// <c>traceparent</c> (and <c>tracestate</c>) next to the message's own fields, and the queue Function's run becomes
/// its child, so a ticket's submission, routing and every SMS share one trace. Handlers ignore fields they do not know.
/// </summary>
public static class QueueTraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Adds the current span's context to <paramref name="message"/>; nothing when there is no span.</summary>
    public static void Inject(JsonObject message)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current)
        {
            return;
        }
        message[TraceParent] = current.Id;
        if (!string.IsNullOrEmpty(current.TraceStateString))
        {
            message[TraceState] = current.TraceStateString;
        }
    }

    /// <summary>The sending span's context carried by a message's text, or null (no context, or not a JSON object).</summary>
    public static ActivityContext? Extract(string? message)
    {
        if (string.IsNullOrEmpty(message) || !message.Contains(TraceParent, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(message);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty(TraceParent, out var parent) && parent.ValueKind == JsonValueKind.String
                && ActivityContext.TryParse(parent.GetString(),
                    doc.RootElement.TryGetProperty(TraceState, out var state) && state.ValueKind == JsonValueKind.String ? state.GetString() : null,
                    isRemote: true, out var context))
            {
                return context;
            }
        }
        catch (JsonException)
        {
            // A malformed message is the handler's to refuse; it simply has no parent.
        }
        return null;
    }
}
