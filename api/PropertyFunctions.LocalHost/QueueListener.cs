using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using PropertyFunctions.Azure.Storage;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// Polls one trigger queue like the Functions queue extension: batches of <c>batchSize</c>, each
/// message processed concurrently; on success deleted; on failure made visible again after
/// <c>visibilityTimeout</c>; after <c>maxDequeueCount</c> attempts moved to <c>&lt;queue&gt;-poison</c>.
/// Polling backs off exponentially up to <c>maxPollingInterval</c> while the queue is empty.
/// </summary>
public sealed class QueueListener(LocalFunction function, QueueSettings settings, StorageClients storage, FunctionInvoker invoker,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queueName = function.Trigger.QueueName!;
        var queue = storage.Queue(queueName);
        var poison = storage.Queue(queueName + StorageNames.PoisonSuffix);
        var delay = MinimumPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, LeaseTime, stoppingToken)).Value;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Polling {Queue} failed ({Error}); retrying", queueName, ex.Message);
                messages = [];
            }
            if (messages.Length == 0)
            {
                await Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            delay = MinimumPoll;
            await Task.WhenAll(messages.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message,
        CancellationToken ct)
    {
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                // Already failed too often (e.g. the process died mid-run): do not run it again.
                await MoveToPoisonAsync(queue, poison, message, ct);
                return;
            }
            await invoker.InvokeAsync(function, new TriggerInput(Message: message.MessageText), ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease expires and the message is retried later.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Function {Function} failed on message {MessageId} (attempt {Attempt} of {Max})",
                function.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(queue, poison, message, ct);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout,
                        cancellationToken: ct);
                }
            }
            catch (Exception inner) when (inner is not OperationCanceledException)
            {
                // The lease expires on its own and the message comes back.
                logger.LogWarning("Could not release message {MessageId}: {Error}", message.MessageId, inner.Message);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message,
        CancellationToken ct)
    {
        await poison.SendMessageAsync(message.MessageText, ct);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        logger.LogError("Message {MessageId} moved to {Poison} after {Attempts} attempts", message.MessageId, poison.Name, message.DequeueCount);
    }

    // Real time on purpose: this is the host's polling cadence, not the desk's business clock.
    private static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
