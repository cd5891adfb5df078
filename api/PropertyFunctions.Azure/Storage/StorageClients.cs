using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
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
    public BlobServiceClient Blobs { get; }
    public StorageNames Names { get; }

    /// <param name="observer">An optional pipeline policy on every storage request (the benchmarks count requests with it).</param>
    public StorageClients(IConfiguration configuration, HttpPipelinePolicy? observer = null)
    {
        Names = new StorageNames(configuration["Storage:Prefix"] ?? "");
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        if (observer is not null)
        {
            queueOptions.AddPolicy(observer, HttpPipelinePosition.PerRetry);
            tableOptions.AddPolicy(observer, HttpPipelinePosition.PerRetry);
            blobOptions.AddPolicy(observer, HttpPipelinePosition.PerRetry);
        }
        var connectionString = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            return;
        }

        var section = configuration.GetSection(Setting);
        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (account is null ? null : $"https://{account}.queue.core.windows.net");
        var blobUri = section["blobServiceUri"] ?? (account is null ? null : $"https://{account}.blob.core.windows.net");
        if (tableUri is null || queueUri is null || blobUri is null)
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
        Blobs = new BlobServiceClient(new Uri(blobUri), credential, blobOptions);
    }

    public TableClient Table(string name) => Tables.GetTableClient(Names.Table(name));

    public QueueClient Queue(string name) => Queues.GetQueueClient(Names.Queue(name));

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(Names.Queue(name));

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
        foreach (var container in StorageNames.Containers)
        {
            await Container(container).CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);
        }
        if (Blobs.Uri.IsLoopback)
        {
            await AllowBrowserUploadsAsync(ct);
        }
    }

    /// <summary>
    /// The storage emulator only: browsers on any local origin may PUT and GET blobs through their upload and
    /// read URLs (owner photos). A real account's CORS rules come from infra/ and name the pages' origin.
    /// </summary>
    private async Task AllowBrowserUploadsAsync(CancellationToken ct)
    {
        var properties = (await Blobs.GetPropertiesAsync(ct)).Value;
        properties.Cors = [new BlobCorsRule
        {
            AllowedOrigins = "*", AllowedMethods = "GET,HEAD,PUT,OPTIONS",
            AllowedHeaders = "content-type,x-ms-blob-type,x-ms-version,x-ms-client-request-id", ExposedHeaders = "*", MaxAgeInSeconds = 3600,
        }];
        await Blobs.SetPropertiesAsync(properties, ct);
    }
}
