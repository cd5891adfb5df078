using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Rosters: table Staff (PartitionKey = community, RowKey = E.164 phone) — the router reads a community's
/// roster in one partition query — and its mirror StaffPhones (PartitionKey = phone, RowKey = community)
/// so an SMS reply finds who sent it with one partition read.
/// </summary>
public sealed class TableRosterStore(StorageClients storage) : IRosterStore
{
    private const int BatchLimit = 100;
    private readonly TableClient _staff = storage.Table("Staff");
    private readonly TableClient _phones = storage.Table("StaffPhones");

    public async Task<IReadOnlyList<StaffMember>> GetAsync(string community, CancellationToken ct)
    {
        var list = new List<StaffMember>();
        await foreach (var row in _staff.QueryAsync<TableEntity>(e => e.PartitionKey == community, cancellationToken: ct))
        {
            list.Add(ToMember(row));
        }
        return list;
    }

    public async Task<IReadOnlyList<StaffMember>> FindByPhoneAsync(string phone, CancellationToken ct)
    {
        var list = new List<StaffMember>();
        await foreach (var row in _phones.QueryAsync<TableEntity>(e => e.PartitionKey == phone, cancellationToken: ct))
        {
            list.Add(ToMember(row));
        }
        return list;
    }

    public async Task ReplaceAsync(IReadOnlyList<StaffMember> staff, CancellationToken ct)
    {
        foreach (var community in staff.GroupBy(s => s.Community))
        {
            var existing = await GetAsync(community.Key, ct);
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
