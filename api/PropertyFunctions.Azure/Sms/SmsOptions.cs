using System.Text.RegularExpressions;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// SMS settings (configuration section <c>Sms</c>; app settings <c>Sms__*</c>).
/// <c>log</c> needs nothing; <c>acs</c> needs <see cref="From"/> and either <see cref="ConnectionString"/>
/// (HMAC with the access key) or <see cref="Endpoint"/> (Entra ID token of the app's managed identity);
/// <c>aliyun</c> needs <see cref="Aliyun"/> and sends +86 numbers there, other numbers through ACS once
/// <see cref="From"/> is set too (see <see cref="UsesAcs"/>).
/// </summary>
public sealed partial class SmsOptions
{
    public const string Section = "Sms";
    public const string LogProvider = "log";
    public const string AcsProvider = "acs";
    public const string AliyunProvider = "aliyun";

    /// <summary><c>log</c> (default, local), <c>acs</c> (Azure Communication Services) or <c>aliyun</c> (Alibaba Cloud SMS for +86, ACS for the rest).</summary>
    public string Provider { get; set; } = LogProvider;

    /// <summary>ACS connection string: <c>endpoint=https://name.communication.azure.com/;accesskey=BASE64</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>ACS endpoint for managed-identity access (no key in settings).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Client id of a user-assigned identity; when empty, <c>AzureWebJobsStorage__clientId</c> is used, then DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }

    /// <summary>Sender: an E.164 number owned by the ACS resource, or an alphanumeric sender ID.</summary>
    public string? From { get; set; }

    /// <summary>How long one send may take before it is given up and retried through the queue.</summary>
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Alibaba Cloud SMS settings (<c>Sms__Aliyun__*</c>).</summary>
    public AliyunSmsOptions Aliyun { get; set; } = new();

    public bool IsAcs => string.Equals(Provider?.Trim(), AcsProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsAliyun => string.Equals(Provider?.Trim(), AliyunProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether ACS is used: as the provider, or beside a mainland provider for numbers outside +86 once a sender
    /// (<see cref="From"/>) is set. The infrastructure always sets the ACS endpoint; the sender comes when one is bought.
    /// </summary>
    public bool UsesAcs => IsAcs || (IsAliyun && !string.IsNullOrWhiteSpace(From));

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    // Alphanumeric sender IDs: 1–11 of letters, digits and spaces, with at least one letter.
    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSender();

    /// <summary>Every problem with the settings, so start-up can fail with one clear message.</summary>
    /// <param name="templateKeys">The catalogue's message keys: with <c>aliyun</c> each needs an approved template code.</param>
    public IEnumerable<string> Problems(IEnumerable<string> templateKeys)
    {
        var provider = Provider?.Trim() ?? "";
        if (!string.Equals(provider, LogProvider, StringComparison.OrdinalIgnoreCase) && !IsAcs && !IsAliyun)
        {
            yield return $"Sms__Provider '{Provider}' is not known: use 'log' (local log), 'acs' (Azure Communication Services) " +
                "or 'aliyun' (Alibaba Cloud SMS for mainland numbers, ACS for the others).";
            yield break;
        }
        if (TimeoutSeconds is < 1 or > 120)
        {
            yield return $"Sms__TimeoutSeconds must be between 1 and 120 (is {TimeoutSeconds}).";
        }
        if (IsAliyun)
        {
            foreach (var problem in Aliyun.Problems(templateKeys))
            {
                yield return problem;
            }
        }
        if (!UsesAcs)
        {
            yield break;
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(Endpoint);
        if (hasConnectionString && hasEndpoint)
        {
            yield return "Set either Sms__ConnectionString (access key) or Sms__Endpoint (managed identity), not both.";
        }
        else if (!hasConnectionString && !hasEndpoint)
        {
            yield return (IsAcs ? "Sms__Provider is 'acs'" : "Sms__From is set for numbers outside +86")
                + " but neither Sms__ConnectionString (endpoint=https://…/;accesskey=…) nor Sms__Endpoint (managed identity) is set.";
        }
        else if (hasConnectionString && !AcsConnectionString.TryParse(ConnectionString, out _, out var error))
        {
            yield return "Sms__ConnectionString " + error;
        }
        else if (hasEndpoint && AcsConnectionString.EndpointProblem(Endpoint!) is { } endpointError)
        {
            yield return "Sms__Endpoint " + endpointError;
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            yield return "Sms__From must be set for 'acs': the sender number (E.164, e.g. +18005550100) or an alphanumeric sender ID.";
        }
        else if (!E164().IsMatch(From) && !AlphanumericSender().IsMatch(From))
        {
            yield return $"Sms__From '{From}' is neither an E.164 number (+18005550100) nor an alphanumeric sender ID (1–11 letters, digits, spaces).";
        }
    }
}

/// <summary>The two parts of an ACS connection string. Only a validity check is kept here; the key is not printed.</summary>
public sealed record AcsConnectionString(Uri Endpoint, byte[] AccessKey)
{
    public static bool TryParse(string? value, out AcsConnectionString parsed, out string error)
    {
        parsed = null!;
        string? endpoint = null;
        string? key = null;
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: a base64 key ends in '=' padding.
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = "must look like endpoint=https://name.communication.azure.com/;accesskey=BASE64.";
                return false;
            }
            var name = part[..eq].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = part[(eq + 1)..].Trim();
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = part[(eq + 1)..].Trim();
            }
        }
        if (endpoint is null || key is null)
        {
            error = "must have both endpoint= and accesskey= (endpoint=https://name.communication.azure.com/;accesskey=BASE64).";
            return false;
        }
        if (EndpointProblem(endpoint) is { } endpointError)
        {
            error = "endpoint " + endpointError;
            return false;
        }
        byte[] keyBytes;
        try
        {
            keyBytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            error = "accesskey is not valid base64 (copy the key from the resource's Keys page).";
            return false;
        }
        if (keyBytes.Length == 0)
        {
            error = "accesskey is empty.";
            return false;
        }
        parsed = new AcsConnectionString(NormalizeEndpoint(endpoint), keyBytes);
        error = "";
        return true;
    }

    public static AcsConnectionString Parse(string value) =>
        TryParse(value, out var parsed, out var error) ? parsed : throw new FormatException("ACS connection string " + error);

    /// <summary>Null when the endpoint is usable: absolute https, or http to a loopback address (tests, emulators).</summary>
    public static string? EndpointProblem(string endpoint)
    {
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{endpoint}' must be an absolute https URL such as https://name.communication.azure.com/.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            // The access key signs requests but an HTTP body and the bearer token would travel in clear.
            return $"'{endpoint}' must use https (plain http is allowed only to a loopback address).";
        }
        return null;
    }

    /// <summary>The endpoint with a trailing slash, so "sms" resolves under it whether or not the setting had one.</summary>
    public static Uri NormalizeEndpoint(string endpoint)
    {
        var text = endpoint.Trim();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}
