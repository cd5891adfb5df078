using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Api.Functions;

/// <summary>The sms-send queue: one SMS per message, sent once (see <see cref="SmsSender"/>).</summary>
public sealed class SmsFunctions(SmsSender sender, ILogger<SmsFunctions> logger)
{
    [Function("SendSms")]
    public async Task Send([QueueTrigger(StorageNames.SmsSendQueue)] string message, CancellationToken ct)
    {
        if (Parse(message) is { } sms)
        {
            await sender.SendAsync(sms, ct);
        }
    }

    /// <summary>Messages that failed <c>maxDequeueCount</c> times land here: the SMS log records the failure (and the poison metric counts it, see <see cref="PoisonFunctions"/>).</summary>
    [Function("SmsSendPoison")]
    public async Task Poison([QueueTrigger(StorageNames.SmsSendQueue + StorageNames.PoisonSuffix)] string message, CancellationToken ct)
    {
        DeskMetrics.MessagePoisoned(StorageNames.SmsSendQueue);
        if (Parse(message) is { } sms)
        {
            await sender.MarkPoisonedAsync(sms, ct);
        }
    }

    private OutgoingSms? Parse(string message)
    {
        var sms = QueueWorkQueue.Read<OutgoingSms>(message);
        if (sms is { Group.Length: > 0, Key.Length: > 0, To.Length: > 0, Message.Values: not null } && SmsCatalogue.TryGet(sms.Message.Template ?? "", out _))
        {
            return sms;
        }
        // Retrying cannot fix a malformed message.
        logger.LogError("Malformed sms-send message dropped");
        return null;
    }
}
