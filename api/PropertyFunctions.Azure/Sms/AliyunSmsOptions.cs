namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// Settings of a mainland provider that sends approved templates: the signature (签名) and, for each catalogue
/// key, the template code the carrier approved. Shared by every such provider (Aliyun today), each under its own
/// section, so a second one brings its own credentials and codes and nothing else.
/// </summary>
public abstract class MainlandSmsOptions
{
    /// <summary>The approved signature, shown as 【…】 before every message.</summary>
    public string? SignName { get; set; }

    /// <summary>Catalogue key → approved template code (<c>Sms__{Provider}__Templates__{key}</c>).</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The setting prefix in app-setting form, e.g. <c>Sms__Aliyun</c>.</summary>
    protected abstract string Prefix { get; }

    public string? TemplateCode(string key) => Templates.TryGetValue(key, out var code) && !string.IsNullOrWhiteSpace(code) ? code.Trim() : null;

    /// <summary>
    /// The template code for a message in a language: an English message uses <c>{key}_en</c> when the company had an
    /// English version approved, and the Chinese template otherwise (the carrier sends only approved text, so an
    /// English-speaking owner without an English template reads the Chinese one rather than nothing).
    /// </summary>
    public string? TemplateCode(string key, string language) =>
        (language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? TemplateCode(key + EnglishSuffix) : null) ?? TemplateCode(key);

    public const string EnglishSuffix = "_en";

    /// <summary>Every problem with the signature and the template map; <paramref name="templateKeys"/> are the catalogue's keys, each of which needs a code.</summary>
    public IEnumerable<string> TemplateProblems(IEnumerable<string> templateKeys)
    {
        if (string.IsNullOrWhiteSpace(SignName))
        {
            yield return $"{Prefix}__SignName must be set to the approved signature (签名), without the 【】.";
        }
        var missing = templateKeys.Where(key => TemplateCode(key) is null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            yield return $"These catalogue messages have no approved template code: {string.Join(", ", missing.Select(k => $"{Prefix}__Templates__{k}"))}. " +
                "Set each to the template code the console shows once the template is approved (SMS_…).";
        }
        foreach (var (key, code) in Templates.Where(t => !string.IsNullOrWhiteSpace(t.Value) && t.Value.Trim().Any(char.IsWhiteSpace)))
        {
            yield return $"{Prefix}__Templates__{key} '{code}' is not a template code (it has spaces).";
        }
    }
}

/// <summary>Alibaba Cloud SMS (dysmsapi 2017-05-25): configuration section <c>Sms:Aliyun</c>.</summary>
public sealed class AliyunSmsOptions : MainlandSmsOptions
{
    public const string Section = "Aliyun";
    public const string DefaultEndpoint = "https://dysmsapi.aliyuncs.com";

    /// <summary>The callback secret must be long enough that guessing it is hopeless.</summary>
    public const int MinimumCallbackSecretLength = 32;

    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>A RAM user's AccessKey allowed only dysms:SendSms and dysms:QuerySendDetails (in Azure a Key Vault reference).</summary>
    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }

    /// <summary>The random path segment of the push callback URLs (<c>/api/sms/aliyun/{secret}/up</c> and <c>/report</c>).</summary>
    public string? CallbackSecret { get; set; }

    protected override string Prefix => "Sms__Aliyun";

    public IEnumerable<string> Problems(IEnumerable<string> templateKeys)
    {
        if (!Uri.TryCreate(Endpoint?.Trim(), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"Sms__Aliyun__Endpoint '{Endpoint}' must be an absolute https URL such as {DefaultEndpoint}.";
        }
        else if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            yield return $"Sms__Aliyun__Endpoint '{Endpoint}' must use https (plain http is allowed only to a loopback address).";
        }
        if (string.IsNullOrWhiteSpace(AccessKeyId) || string.IsNullOrWhiteSpace(AccessKeySecret))
        {
            yield return "Sms__Aliyun__AccessKeyId and Sms__Aliyun__AccessKeySecret must both be set (a RAM user's AccessKey; in Azure a Key Vault reference).";
        }
        if (string.IsNullOrWhiteSpace(CallbackSecret) || CallbackSecret.Trim().Length < MinimumCallbackSecretLength)
        {
            yield return $"Sms__Aliyun__CallbackSecret must be a random string of at least {MinimumCallbackSecretLength} characters " +
                "(e.g. openssl rand -hex 32): it is the path segment that authenticates the reply and receipt pushes.";
        }
        else if (!CallbackSecret.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            yield return "Sms__Aliyun__CallbackSecret may contain only letters, digits, '-' and '_' (it is part of a URL path).";
        }
        foreach (var problem in TemplateProblems(templateKeys))
        {
            yield return problem;
        }
    }
}
