using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Rosters: table Staff (PartitionKey = community, RowKey = E.164 phone) — the router reads a community's
/// roster in one partition query — and its mirror StaffPhones (PartitionKey = phone, RowKey = community)
/// so an SMS reply finds who sent it with one partition read.
/// <para>
/// Both reads are kept for <see cref="CacheFor"/> (the desk's clock): routing and SMS replies read them for every ticket, and a roster
/// changes a few times a day. An import through this instance is seen at once; one through another instance within that time.
/// Empty answers are not kept, so a first import is never hidden.
/// </para>
/// </summary>
public sealed class TableRosterStore(StorageClients storage, TimeProvider time) : IRosterStore
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private const int BatchLimit = 100;
    private const int CacheSize = 10_000;
    private readonly TableClient _staff = storage.Table("Staff");
    private readonly TableClient _phones = storage.Table("StaffPhones");
    private readonly ReadThroughCache<string, IReadOnlyList<StaffMember>> _cache = new(CacheFor, CacheSize, time, keep: staff => staff.Count > 0);

    public Task<IReadOnlyList<StaffMember>> GetAsync(string community, CancellationToken ct) =>
        _cache.GetAsync("c:" + community, c => ReadAsync(_staff, community, c), ct);

    public Task<IReadOnlyList<StaffMember>> FindByPhoneAsync(string phone, CancellationToken ct) =>
        _cache.GetAsync("p:" + phone, c => ReadAsync(_phones, phone, c), ct);

    private static async Task<IReadOnlyList<StaffMember>> ReadAsync(TableClient table, string partition, CancellationToken ct)
    {
        var list = new List<StaffMember>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: ct))
        {
            list.Add(ToMember(row));
        }
        return list;
    }

    public async Task ReplaceAsync(IReadOnlyList<StaffMember> staff, CancellationToken ct)
    {
        try
        {
            await WriteAsync(staff, ct);
        }
        finally
        {
            // Whatever was written, this instance reads the roster afresh from now on.
            _cache.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<StaffMember> staff, CancellationToken ct)
    {
        foreach (var community in staff.GroupBy(s => s.Community))
        {
            var existing = await ReadAsync(_staff, community.Key, ct);
            var keep = community.Select(s => s.Phone).ToHashSet();
            var removed = existing.Where(s => !keep.Contains(s.Phone)).ToList();
            var actions = community.Select(s => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(s.Community, s.Phone, s)))
                .Concat(removed.Select(s => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(s.Community, s.Phone), ETag.All)))
                .ToList();
            // One batch per 100 rows: a roster of up to 100 people is replaced atomically.
            foreach (var chunk in actions.Chunk(BatchLimit))
            {
                await _staff.SubmitTransactionAsync(chunk, ct);
            }
            // The phone index follows; it is derived data and rebuilt by the next import if this is cut short.
            foreach (var member in community)
            {
                await _phones.UpsertEntityAsync(ToEntity(member.Phone, member.Community, member), TableUpdateMode.Replace, ct);
            }
            foreach (var member in removed)
            {
                await _phones.DeleteEntityAsync(member.Phone, member.Community, cancellationToken: ct);
            }
        }
    }

    private static TableEntity ToEntity(string partition, string row, StaffMember s) => new(partition, row)
    {
        ["Community"] = s.Community,
        ["Name"] = s.Name,
        ["Phone"] = s.Phone,
        ["Department"] = s.Department,
        ["Role"] = s.Role,
        ["OnCall"] = s.OnCall,
        ["Shifts"] = RosterImport.FormatShifts(s.Shifts),
    };

    private static StaffMember ToMember(TableEntity e) => new(e.GetString("Community"), e.GetString("Name"), e.GetString("Phone"),
        e.GetString("Department"), e.GetString("Role"), e.GetBoolean("OnCall") ?? false, RosterImport.ParseShifts(e.GetString("Shifts")));
}
