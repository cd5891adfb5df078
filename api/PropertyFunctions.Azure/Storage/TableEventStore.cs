using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Events;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Events: table Events, PartitionKey = community; the event (with its sign-up counters) at RowKey
/// "E~{id}" and each sign-up at "S~{id}~{phone}". Event and sign-ups share a partition, so a sign-up
/// and the counter change are one atomic batch; the phone in the RowKey makes a second sign-up by the
/// same phone fail the insert (one per phone and event). Listing a community's events is the RowKey
/// range "E~".."E~~"; an event's sign-ups are "S~{id}~".."S~{id}~~". Table EventIds (PartitionKey = id)
/// gives the community of an id for the owners' sign-up URL and keeps ids unique across communities.
/// </summary>
public sealed class TableEventStore(StorageClients storage) : IEventStore
{
    private readonly TableClient _events = storage.Table("Events");
    private readonly TableClient _ids = storage.Table("EventIds");

    public async Task<bool> TryCreateAsync(CommunityEvent e, CancellationToken ct)
    {
        try
        {
            await _ids.AddEntityAsync(new TableEntity(e.Id, "") { ["Community"] = e.Community }, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        await _events.AddEntityAsync(ToEntity(e), ct);
        return true;
    }

    public async Task<string?> FindCommunityAsync(string id, CancellationToken ct)
    {
        if (!IsKeySafe(id))
        {
            return null;
        }
        var row = await _ids.GetEntityIfExistsAsync<TableEntity>(id, "", ["Community"], ct);
        return row.HasValue ? row.Value!.GetString("Community") : null;
    }

    public async Task<Versioned<CommunityEvent>?> GetAsync(string community, string id, CancellationToken ct)
    {
        var row = await _events.GetEntityIfExistsAsync<TableEntity>(community, EventKey(id), cancellationToken: ct);
        return row.HasValue ? new Versioned<CommunityEvent>(ToEvent(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<CommunityEvent>> NotEndedAsync(string community, DateTimeOffset now, CancellationToken ct)
    {
        var list = new List<CommunityEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {"E~"} and RowKey lt {"E~~"} and EndsAt gt {now}");
        await foreach (var row in _events.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToEvent(row));
        }
        return list;
    }

    public async Task<SignupWrite> TryAddSignupAsync(Versioned<CommunityEvent> current, CommunityEvent updated, Signup signup, CancellationToken ct)
    {
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateReplace, ToEntity(updated), new ETag(current.ETag)),
            new(TableTransactionActionType.Add, ToEntity(signup)),
        ];
        try
        {
            await _events.SubmitTransactionAsync(batch, ct);
            return SignupWrite.Added;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 || ex.FailedTransactionActionIndex == 1)
        {
            return SignupWrite.Duplicate;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return SignupWrite.Stale;
        }
    }

    public async Task<Signup?> GetSignupAsync(string community, string id, string phone, CancellationToken ct)
    {
        var row = await _events.GetEntityIfExistsAsync<TableEntity>(community, SignupKey(id, phone), cancellationToken: ct);
        return row.HasValue ? ToSignup(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Signup>> SignupsAsync(string community, string id, CancellationToken ct)
    {
        var list = new List<Signup>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {$"S~{id}~"} and RowKey lt {$"S~{id}~~"}");
        await foreach (var row in _events.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToSignup(row));
        }
        return list;
    }

    public async IAsyncEnumerable<CommunityEvent> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        // A scan across communities: only the reminder timer calls this, and it pages.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"E~"} and RowKey lt {"E~~"} and StartsAt ge {from} and StartsAt lt {to}");
        await foreach (var row in _events.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            yield return ToEvent(row);
        }
    }

    public Task MarkRemindedAsync(Signup signup, DateTimeOffset at, CancellationToken ct) =>
        _events.UpdateEntityAsync(new TableEntity(signup.Community, SignupKey(signup.EventId, signup.Phone)) { ["RemindedAt"] = at },
            ETag.All, TableUpdateMode.Merge, ct);

    public async Task<bool> TryChangeSignupsAsync(Versioned<CommunityEvent> current, CommunityEvent updated, IReadOnlyList<Signup> changed,
        CancellationToken ct)
    {
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(updated), new ETag(current.ETag)) };
        // Merged, not replaced: the reminder timer's RemindedAt (written without the event's ETag) survives.
        batch.AddRange(changed.Select(s => new TableTransactionAction(TableTransactionActionType.UpdateMerge, StatusOf(s), ETag.All)));
        try
        {
            await _events.SubmitTransactionAsync(batch, ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public Task SaveCancelCodeAsync(string code, string community, string eventId, string phone, CancellationToken ct) =>
        _ids.UpsertEntityAsync(new TableEntity(CancelKey(code), "") { ["Community"] = community, ["EventId"] = eventId, ["Phone"] = phone },
            TableUpdateMode.Replace, ct);

    public async Task<(string Community, string EventId, string Phone)?> FindCancelCodeAsync(string code, CancellationToken ct)
    {
        var row = await _ids.GetEntityIfExistsAsync<TableEntity>(CancelKey(code), "", cancellationToken: ct);
        return row.HasValue ? (row.Value!.GetString("Community"), row.Value.GetString("EventId"), row.Value.GetString("Phone")) : null;
    }

    /// <summary>Cancel codes live in EventIds too, under "c~{code}": an event id (letters, digits, dashes) never holds a '~'.</summary>
    private static string CancelKey(string code) => "c~" + code;

    private static TableEntity StatusOf(Signup s) => new(s.Community, SignupKey(s.EventId, s.Phone))
    {
        ["Status"] = s.Status,
        ["WaitingPosition"] = s.WaitingPosition,
        ["Promoted"] = s.Promoted,
        ["CancelledAt"] = s.CancelledAt,
    };

    private static string EventKey(string id) => $"E~{id}";

    private static string SignupKey(string id, string phone) => $"S~{id}~{phone}";

    /// <summary>Ids come from URLs: refuse characters a table key cannot hold before asking storage.</summary>
    private static bool IsKeySafe(string id) => id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static TableEntity ToEntity(CommunityEvent e) => new(e.Community, EventKey(e.Id))
    {
        ["Id"] = e.Id,
        ["Title"] = e.Title,
        ["Description"] = e.Description,
        ["Place"] = e.Place,
        ["StartsAt"] = e.StartsAt,
        ["EndsAt"] = e.EndsAt,
        ["Capacity"] = e.Capacity,
        ["SignupDeadline"] = e.SignupDeadline,
        ["CreatedAt"] = e.CreatedAt,
        ["CreatedBy"] = e.CreatedBy,
        ["ConfirmedPeople"] = e.ConfirmedPeople,
        ["ConfirmedSignups"] = e.ConfirmedSignups,
        ["WaitingSignups"] = e.WaitingSignups,
        ["WaitingIssued"] = e.WaitingIssued,
    };

    private static CommunityEvent ToEvent(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Community = e.PartitionKey,
        Title = e.GetString("Title"),
        Description = e.GetString("Description"),
        Place = e.GetString("Place"),
        StartsAt = e.GetDateTimeOffset("StartsAt") ?? default,
        EndsAt = e.GetDateTimeOffset("EndsAt") ?? default,
        Capacity = e.GetInt32("Capacity") ?? 0,
        SignupDeadline = e.GetDateTimeOffset("SignupDeadline") ?? default,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        ConfirmedPeople = e.GetInt32("ConfirmedPeople") ?? 0,
        ConfirmedSignups = e.GetInt32("ConfirmedSignups") ?? 0,
        WaitingSignups = e.GetInt32("WaitingSignups") ?? 0,
        // Events from before cancellations existed: every number handed out is still waiting.
        WaitingIssued = e.GetInt32("WaitingIssued") ?? e.GetInt32("WaitingSignups") ?? 0,
    };

    private static TableEntity ToEntity(Signup s) => new(s.Community, SignupKey(s.EventId, s.Phone))
    {
        ["EventId"] = s.EventId,
        ["Phone"] = s.Phone,
        ["Name"] = s.Name,
        ["Building"] = s.Building,
        ["Room"] = s.Room,
        ["People"] = s.People,
        ["Status"] = s.Status,
        ["WaitingPosition"] = s.WaitingPosition,
        ["Language"] = s.Language,
        ["CreatedAt"] = s.CreatedAt,
        ["RemindedAt"] = s.RemindedAt,
    };

    private static Signup ToSignup(TableEntity e) => new(e.PartitionKey, e.GetString("EventId"), e.GetString("Phone"), e.GetString("Name"),
        e.GetString("Building"), e.GetString("Room"), e.GetInt32("People") ?? 1, e.GetString("Status"),
        e.GetString("Status") == SignupStatuses.Waiting ? e.GetInt32("WaitingPosition") : null,
        e.GetString("Language") ?? "zh-CN", e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("RemindedAt"),
        e.GetBoolean("Promoted") ?? false, e.GetDateTimeOffset("CancelledAt"));
}
