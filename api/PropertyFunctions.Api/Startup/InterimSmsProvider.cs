using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Sms;

namespace PropertyFunctions.Api.Startup;

/// <summary>Writes SMS to the log until the provider registration (log/acs) lands.</summary>
internal sealed class InterimSmsProvider(ILogger<InterimSmsProvider> logger) : ISmsProvider
{
    public string Name => "log";

    public Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct)
    {
        logger.LogInformation("SMS to {To}: {Text}", PhoneNumber.Mask(request.To), request.Message);
        return Task.FromResult<SmsSendResult>(new SmsSendResult.Sent("log-" + request.SmsId));
    }
}
