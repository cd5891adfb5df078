using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Builds the storage clients from the same setting the Functions host uses, <c>AzureWebJobsStorage</c>:
/// a connection string (locally <c>UseDevelopmentStorage=true</c>, i.e. Azurite), or in Azure the
/// identity-based form <c>AzureWebJobsStorage__accountName</c> (plus <c>__clientId</c> for a
/// user-assigned identity), which needs no key.
/// </summary>
public sealed class StorageClients
{
    public const string Setting = "AzureWebJobsStorage";

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public StorageNames Names { get; }

    /// <param name="observer">An optional pipeline policy on every storage request (the benchmarks count requests with it).</param>
    public StorageClients(IConfiguration configuration, HttpPipelinePolicy? observer = null)
    {
        Names = new StorageNames(configuration["Storage:Prefix"] ?? "");
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        if (observer is not null)
        {
            queueOptions.AddPolicy(observer, HttpPipelinePosition.PerRetry);
            tableOptions.AddPolicy(observer, HttpPipelinePosition.PerRetry);
        }
        var connectionString = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            return;
        }

        var section = configuration.GetSection(Setting);
        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (account is null ? null : $"https://{account}.queue.core.windows.net");
        if (tableUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string (locally UseDevelopmentStorage=true) " +
                "or AzureWebJobsStorage__accountName for identity-based access.");
        }
        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        Tables = new TableServiceClient(new Uri(tableUri), credential, tableOptions);
        Queues = new QueueServiceClient(new Uri(queueUri), credential, queueOptions);
    }

    public TableClient Table(string name) => Tables.GetTableClient(Names.Table(name));

    public QueueClient Queue(string name) => Queues.GetQueueClient(Names.Queue(name));

    /// <summary>Creates every table and queue (with its poison queue) the app uses; cheap when they exist.</summary>
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        foreach (var table in StorageNames.Tables)
        {
            await Table(table).CreateIfNotExistsAsync(ct);
        }
        foreach (var queue in StorageNames.Queues)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: ct);
            await Queue(queue + StorageNames.PoisonSuffix).CreateIfNotExistsAsync(cancellationToken: ct);
        }
    }
}
