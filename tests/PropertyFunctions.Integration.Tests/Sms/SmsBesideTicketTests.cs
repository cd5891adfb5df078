using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>
/// A ticket's SMS are logged beside it (rows of its partition in Tickets): routing claims both of its SMS in one write and stores
/// their outcomes in the same transaction as the dispatch; the console reads the ticket, its history and its SMS in one request
/// and answers an action with what it wrote. Against Azurite.
/// </summary>
public sealed class SmsBesideTicketTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ITicketStore Tickets => _desk.Services.GetRequiredService<ITicketStore>();

    private async Task<string> RoutedTicketAsync(string phone)
    {
        using var response = await Owners.SubmitAsync(_desk.Client, Owners.Repair("3号楼楼道灯不亮", phone));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await Owners.JsonAsync(response)).GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => Tickets.GetRecordAsync("sunshine-garden", id, CancellationToken.None),
            r => r is { Ticket.Value.DispatchedAt: not null });
        return id;
    }

    [Fact]
    public async Task A_routed_tickets_sms_are_rows_of_its_partition_read_with_it_and_none_is_in_the_sms_log_table()
    {
        var id = await RoutedTicketAsync("13800000101");

        var record = (await Tickets.GetRecordAsync("sunshine-garden", id, CancellationToken.None))!;
        Assert.True(record.Ticket.Value.SmsWithTicket);
        // Stored in the dispatch's own transaction: the owner's acknowledgement and one dispatch per engineer on duty (two at 10:00).
        Assert.Equal(["ack", "dispatch", "dispatch"], record.Sms.Select(s => s.Purpose).Order());
        Assert.All(record.Sms, s => Assert.Equal(SmsStatuses.Sent, s.Status));
        Assert.All(record.Sms, s => Assert.Equal("sunshine-garden", s.TicketCommunity));
        Assert.Contains(record.Sms, s => s.Purpose == "ack" && s.To == "+8613800000101");
        await foreach (var row in _desk.Storage.Table("SmsLog").QueryAsync<TableEntity>(e => e.PartitionKey == id))
        {
            Assert.Fail($"SMS {row.RowKey} of {id} is in the SmsLog table");
        }
        // The other readers of the log find them too: by group (tests, /dev/sms) and by id (delivery receipts).
        var log = _desk.Services.GetRequiredService<ISmsLog>();
        Assert.Equal(3, (await log.ForGroupAsync(id, CancellationToken.None)).Count);
        var ack = record.Sms.Single(s => s.Purpose == "ack");
        Assert.Equal(ack.ProviderMessageId, (await log.GetAsync(id, ack.Key, CancellationToken.None))!.ProviderMessageId);
    }

    [Fact]
    public async Task An_outcome_that_lost_to_a_delivery_receipt_leaves_the_receipt_and_the_change_is_still_stored()
    {
        var id = await RoutedTicketAsync("13800000102");
        var log = _desk.Services.GetRequiredService<ISmsLog>();
        var before = (await Tickets.GetRecordAsync("sunshine-garden", id, CancellationToken.None))!;
        var ack = before.Sms.Single(s => s.Purpose == "ack");
        // The carrier's receipt lands first and changes the row the sender read.
        await log.UpdateAsync(ack with { Status = SmsStatuses.Delivered }, CancellationToken.None);

        var (changed, entry) = before.Ticket.Value.Append(_desk.Time!.GetUtcNow(), "staff:张师傅", Channels.Console, before.Ticket.Value.Status,
            HistoryNote.Of("history.resolved"), isPublic: false);
        var written = await Tickets.TryUpdateAsync(before.Ticket, changed, [entry], [ack with { Status = SmsStatuses.Sent, Error = "late" }], CancellationToken.None);

        Assert.NotNull(written);
        var after = (await Tickets.GetRecordAsync("sunshine-garden", id, CancellationToken.None))!;
        Assert.Equal(before.History.Count + 1, after.History.Count);
        Assert.Equal(SmsStatuses.Delivered, after.Sms.Single(s => s.Purpose == "ack").Status);
    }

    [Fact]
    public async Task A_console_action_answers_with_the_record_it_wrote_as_a_fresh_read_shows_it()
    {
        var id = await RoutedTicketAsync("13800000103");
        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(staff, id);

        using var accepted = await StaffClients.ActAsync(staff, id, etag, new { action = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var answer = await Owners.JsonAsync(accepted);
        var (fresh, freshEtag) = await StaffClients.ViewAsync(staff, id);

        Assert.Equal(freshEtag, accepted.Headers.ETag!.ToString());
        Assert.Equal(fresh.GetProperty("history").GetArrayLength(), answer.GetProperty("history").GetArrayLength());
        Assert.Equal(fresh.GetProperty("history").ToString(), answer.GetProperty("history").ToString());
        Assert.Equal(fresh.GetProperty("sms").GetArrayLength(), answer.GetProperty("sms").GetArrayLength());
        Assert.Equal(fresh.GetProperty("ticket").GetProperty("status").GetString(), answer.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Contains(answer.GetProperty("sms").EnumerateArray(), s => s.GetProperty("purpose").GetString() == "accepted");
    }
}
