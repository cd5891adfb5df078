using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>The opt-out check an owner SMS makes: one point read, for TDs stored before and after the hashed row came in.</summary>
public sealed class OptOutTests
{
    [Fact]
    public async Task A_check_is_one_read_and_a_td_stored_under_the_number_alone_still_counts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.Setting] = await SharedAzurite.GetConnectionStringAsync(),
            ["Storage:Prefix"] = "oo" + Guid.NewGuid().ToString("N")[..8],
        }).Build();
        var requests = new StorageRequestCounter();
        var storage = new StorageClients(configuration, requests);
        var table = storage.Table("OptOuts");
        await table.CreateIfNotExistsAsync();
        // A TD as the desk stored it before: the number's row alone.
        await table.AddEntityAsync(new TableEntity("+8613800000001", "") { ["At"] = DateTimeOffset.UtcNow });
        var optOuts = new TableOptOuts(storage, new PersonalHash(new byte[32]));

        Assert.True(await optOuts.IsOptedOutAsync("+8613800000001", default));
        await optOuts.SetAsync("+8613800000002", true, DateTimeOffset.UtcNow, default);
        requests.Reset();
        Assert.True(await optOuts.IsOptedOutAsync("+8613800000002", default));
        Assert.False(await optOuts.IsOptedOutAsync("+8613800000003", default));
        Assert.True(await optOuts.IsOptedOutAsync("+8613800000001", default));
        Assert.Equal(3, requests.Total);

        // Broadcasts still list each opted-out number once.
        Assert.Equal(2, (await optOuts.AllAsync(default)).Count);
        await optOuts.SetAsync("+8613800000002", false, DateTimeOffset.UtcNow, default);
        Assert.False(await optOuts.IsOptedOutAsync("+8613800000002", default));
    }
}
