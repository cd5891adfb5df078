using System.Diagnostics;
using System.Text.Json;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Integration.Tests;

public sealed class SmsCatalogueCommandTests
{
    [Fact]
    public async Task The_catalogue_command_prints_every_template_as_submitted_for_approval_and_exits()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "PropertyFunctions.LocalHost.dll"), "sms-catalogue", "--Desk:PublicBaseUrl=https://wy.sunshine.cn" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);

        var templates = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(SmsCatalogue.Keys.Order(), templates.Select(t => t.GetProperty("key").GetString()!).Order());
        var ack = templates.Single(t => t.GetProperty("key").GetString() == "ack_open");
        Assert.Equal("notification", ack.GetProperty("type").GetString());
        Assert.Equal("已收到报事${id}，将尽快安排。进度：https://wy.sunshine.cn/t/${code}", ack.GetProperty("zh").GetString());
        Assert.Equal([("id", "id", 11), ("code", "linkCode", 10)], ack.GetProperty("variables").EnumerateArray()
            .Select(v => (v.GetProperty("name").GetString(), v.GetProperty("kind").GetString(), v.GetProperty("maxLength").GetInt32())));
        // The signature is the provider's to add, not part of a template's text.
        Assert.All(templates, t => Assert.False(t.GetProperty("zh").GetString()!.StartsWith("【物业客服】", StringComparison.Ordinal)));
    }
}
