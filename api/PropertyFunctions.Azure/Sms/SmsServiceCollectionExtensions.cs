using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Reads and validates the <c>Sms</c> section (throws one message listing every problem) and registers
    /// the chosen <see cref="ISmsProvider"/> as a singleton, plus the <see cref="SmsOptions"/> it was built from.
    /// </summary>
    /// <param name="templateKeys">The keys of the message catalogue: a mainland provider needs a template code for each.</param>
    public static IServiceCollection AddSmsProvider(this IServiceCollection services, IConfiguration configuration, IEnumerable<string>? templateKeys = null)
    {
        var options = new SmsOptions();
        configuration.GetSection(SmsOptions.Section).Bind(options);
        var problems = options.Problems(templateKeys ?? []).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("SMS is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "- " + p)));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (options.UsesAcs)
        {
            services.AddHttpClient(AcsSmsProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds));
        }
        if (options.IsAliyun)
        {
            services.AddHttpClient(AliyunSmsProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds));
            services.AddSingleton<ISmsProvider>(sp => new RegionalSmsProvider(
                new AliyunSmsProvider(sp.GetRequiredService<IHttpClientFactory>(), options.Aliyun, sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<AliyunSmsProvider>>()),
                options.UsesAcs ? Acs(sp, options, configuration) : null));
        }
        else if (options.IsAcs)
        {
            services.AddSingleton<ISmsProvider>(sp => Acs(sp, options, configuration));
        }
        else
        {
            services.AddSingleton<ISmsProvider, LogSmsProvider>();
        }
        return services;
    }

    private static AcsSmsProvider Acs(IServiceProvider sp, SmsOptions options, IConfiguration configuration)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        Uri endpoint;
        AcsAuthentication authentication;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var connection = AcsConnectionString.Parse(options.ConnectionString);
            endpoint = connection.Endpoint;
            authentication = AcsAuthentication.AccessKey(connection.AccessKey, time);
        }
        else
        {
            // The user-assigned identity the app already uses for storage serves ACS too, unless Sms__ClientId names another.
            var clientId = string.IsNullOrWhiteSpace(options.ClientId) ? configuration["AzureWebJobsStorage:clientId"] : options.ClientId;
            endpoint = AcsConnectionString.NormalizeEndpoint(options.Endpoint!);
            TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            authentication = AcsAuthentication.Token(credential, time);
        }
        return new AcsSmsProvider(sp.GetRequiredService<IHttpClientFactory>(), endpoint, authentication, options.From!, time,
            sp.GetRequiredService<ILogger<AcsSmsProvider>>());
    }
}
