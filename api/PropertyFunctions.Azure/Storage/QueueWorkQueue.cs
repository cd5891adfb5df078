using System.Text.Json;
using System.Text.Json.Nodes;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Sends work-queue messages (small JSON, base64-encoded as the Functions queue trigger expects), each carrying the
/// sender's trace context (<see cref="QueueTraceContext"/>).
/// </summary>
public sealed class QueueWorkQueue(StorageClients storage) : IRouteQueue, ISmsQueue, INoticeQueue, IOwnerCodeQueue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A queue message read back, or null when it is not JSON of that shape: retrying cannot fix it, so handlers drop it.</summary>
    public static T? Read<T>(string message) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task EnqueueRouteAsync(RouteMessage message, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.TicketRouteQueue)
            .SendMessageAsync(Serialize(message), visibilityTimeout: delay, cancellationToken: ct);

    public Task EnqueueSmsAsync(OutgoingSms sms, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.SmsSendQueue)
            .SendMessageAsync(Serialize(sms), visibilityTimeout: delay, cancellationToken: ct);

    public Task EnqueueNoticeFanoutAsync(NoticeFanoutMessage message, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.NoticeFanoutQueue)
            .SendMessageAsync(Serialize(message), visibilityTimeout: delay, cancellationToken: ct);

    public Task EnqueueCodeRequestAsync(OwnerCodeRequest request, CancellationToken ct) =>
        storage.Queue(StorageNames.OwnerCodesQueue).SendMessageAsync(Serialize(request), cancellationToken: ct);

    private static string Serialize<T>(T message)
    {
        var json = JsonSerializer.SerializeToNode(message, Json)!.AsObject();
        QueueTraceContext.Inject(json);
        return json.ToJsonString(Json);
    }
}
