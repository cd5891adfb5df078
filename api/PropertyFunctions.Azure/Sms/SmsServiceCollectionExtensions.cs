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
    public static IServiceCollection AddSmsProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SmsOptions();
        configuration.GetSection(SmsOptions.Section).Bind(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("SMS is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "- " + p)));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        if (!options.IsAcs)
        {
            services.AddSingleton<ISmsProvider, LogSmsProvider>();
            return services;
        }

        services.AddHttpClient(AcsSmsProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds));
        // The user-assigned identity the app already uses for storage serves ACS too, unless Sms__ClientId names another.
        var clientId = string.IsNullOrWhiteSpace(options.ClientId) ? configuration["AzureWebJobsStorage:clientId"] : options.ClientId;
        services.AddSingleton<ISmsProvider>(sp =>
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
                endpoint = AcsConnectionString.NormalizeEndpoint(options.Endpoint!);
                TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                authentication = AcsAuthentication.Token(credential, time);
            }
            return new AcsSmsProvider(sp.GetRequiredService<IHttpClientFactory>(), endpoint, authentication, options.From!, time,
                sp.GetRequiredService<ILogger<AcsSmsProvider>>());
        });
        return services;
    }
}
