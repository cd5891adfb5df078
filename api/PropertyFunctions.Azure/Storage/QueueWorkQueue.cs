using System.Text.Json;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Sends work-queue messages (small JSON, base64-encoded as the Functions queue trigger expects).</summary>
public sealed class QueueWorkQueue(StorageClients storage) : IRouteQueue, ISmsQueue, INoticeQueue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task EnqueueRouteAsync(RouteMessage message, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.TicketRouteQueue)
            .SendMessageAsync(JsonSerializer.Serialize(message, Json), visibilityTimeout: delay, cancellationToken: ct);

    public Task EnqueueSmsAsync(OutgoingSms sms, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.SmsSendQueue)
            .SendMessageAsync(JsonSerializer.Serialize(sms, Json), visibilityTimeout: delay, cancellationToken: ct);

    public Task EnqueueNoticeFanoutAsync(NoticeFanoutMessage message, TimeSpan? delay, CancellationToken ct) =>
        storage.Queue(StorageNames.NoticeFanoutQueue)
            .SendMessageAsync(JsonSerializer.Serialize(message, Json), visibilityTimeout: delay, cancellationToken: ct);
}
