using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// The provider when none is configured (locally, and in Azure until an SMS sender is bought): nothing leaves the
/// machine, each SMS is reported as sent. The application log gets only metadata — the SMS id (which carries no number),
/// the template key, the masked phone and the segment count — never the text, which holds names, units and tracking
/// links. The full message stays in the SMS log table (kept 180 days, docs/privacy.md), which the local host's
/// <c>/dev/sms</c> page and the tests read.
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
        logger.LogInformation("SMS {SmsId} ({Template}) to {To} not sent (provider 'log'): {Segments} segment(s), {Encoding}, {Units} units",
            Redact.Phones(request.SmsId), request.TemplateKey, PhoneNumber.Mask(request.To), count.Segments, count.Encoding, count.Units);
        return Task.FromResult<SmsSendResult>(new SmsSendResult.Sent(id));
    }
}
