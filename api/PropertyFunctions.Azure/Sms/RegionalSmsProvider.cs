using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// Picks the provider by destination: mainland numbers (+86) go to the mainland provider (approved templates,
/// e.g. Aliyun), every other number to the international one (ACS) when one is configured. Without it such a
/// number is refused with the reason, so the SMS log shows why it was not sent.
/// </summary>
public sealed class RegionalSmsProvider(ISmsProvider mainland, ISmsProvider? international) : ISmsProvider
{
    public string Name => international is null ? mainland.Name : $"{mainland.Name}+{international.Name}";

    public async Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chosen = request.To.StartsWith("+86", StringComparison.Ordinal) ? mainland : international;
        if (chosen is null)
        {
            return new SmsSendResult.Rejected(null,
                $"{mainland.Name}: {PhoneNumber.Mask(request.To)} is outside mainland China and no international provider is configured " +
                "(set Sms__From and Sms__ConnectionString or Sms__Endpoint for Azure Communication Services).")
            {
                Provider = mainland.Name,
                ErrorCode = "no-international-provider",
                ErrorKind = SmsErrorKinds.Configuration,
            };
        }
        // Metrics count by the provider that answered, not by the pair.
        var result = await chosen.SendAsync(request, ct);
        return result.Provider is null ? result with { Provider = chosen.Name } : result;
    }
}
