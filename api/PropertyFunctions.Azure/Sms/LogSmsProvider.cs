using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// The local default: nothing leaves the machine. Each SMS is written to the log (every phone number in it
/// masked, with its segment count, so template lengths show while developing) and reported as sent. The
/// SMS log table keeps the full message for <c>/dev/sms</c>.
/// </summary>
public sealed class LogSmsProvider(ILogger<LogSmsProvider> logger) : ISmsProvider
{
    public string Name => SmsOptions.LogProvider;

    public Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = SmsSegments.Count(request.Text);
        // Derived from the SMS id, like the acs provider's repeatability id: the same SMS gets the same id.
        var id = "log-" + AcsSmsProvider.RepeatabilityRequestId(request.SmsId).ToString("N");
        logger.LogInformation("SMS {SmsId} to {To} ({Segments} segment(s), {Encoding}, {Units} units): {Message}",
            Redact.Phones(request.SmsId), PhoneNumber.Mask(request.To), count.Segments, count.Encoding, count.Units, Redact.Phones(request.Text));
        return Task.FromResult<SmsSendResult>(new SmsSendResult.Sent(id));
    }
}
