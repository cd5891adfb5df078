using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Row layout of the Tickets table. PartitionKey is the community; a ticket's row has RowKey = its id,
/// and each history entry RowKey = "{id}~{sequence:D4}", so a ticket and its history are one range
/// read and one atomic batch (entity group transaction). <see cref="Type"/> tells the two apart.
/// </summary>
public sealed class TicketEntity : ITableEntity
{
    public const string TicketType = "T";
    public const string HistoryType = "H";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Type { get; set; } = TicketType;
    public string Kind { get; set; } = "";
    public string? Scope { get; set; }
    public string? Category { get; set; }
    public bool Emergency { get; set; }
    public string Building { get; set; } = "";
    public string? Unit { get; set; }
    public string Room { get; set; } = "";
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Description { get; set; } = "";
    public string? PreferredTime { get; set; }
    public string Language { get; set; } = "";
    public string? OtherBuilding { get; set; }
    public string? OtherUnit { get; set; }
    public string? OtherRoom { get; set; }
    /// <summary>Null on rows written before channels were kept: the web form.</summary>
    public string? Channel { get; set; }
    public string? EnteredBy { get; set; }
    /// <summary>True when the caller declined SMS (stored negated so older rows read as "notify").</summary>
    public bool NoOwnerSms { get; set; }
    public string? AnsweredByNotice { get; set; }
    public string Status { get; set; } = "";
    public string? Department { get; set; }
    public string? Priority { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RoutedAt { get; set; }
    /// <summary>Mirrors RoutedAt != null: Table queries cannot test for a missing property.</summary>
    public bool Routed { get; set; }
    public DateTimeOffset? DispatchAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    /// <summary>Mirrors "DispatchAt set, DispatchedAt not": waiting for opening time (queries cannot test missing properties).</summary>
    public bool AwaitingDispatch { get; set; }
    /// <summary>Comma-separated E.164 numbers.</summary>
    public string? DispatchedTo { get; set; }
    public int DispatchSequence { get; set; }
    public bool SmsHeld { get; set; }
    public bool SmsWithTicket { get; set; }
    public string? AcceptedBy { get; set; }
    public string? AcceptedByPhone { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? FirstAcceptedAt { get; set; }
    public string? FirstAcceptedBy { get; set; }
    public string? FirstAcceptedByPhone { get; set; }
    public DateTimeOffset? ArrivedAt { get; set; }
    public DateTimeOffset? FirstArrivedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int EscalationLevel { get; set; }
    public int ReopenCount { get; set; }
    public int? Score { get; set; }
    public bool? Fixed { get; set; }
    public string? FeedbackComment { get; set; }
    public string? MergedInto { get; set; }
    /// <summary>Comma-separated E.164 numbers.</summary>
    public string? Watchers { get; set; }
    public string? OutcomeResponsibility { get; set; }
    public string? OutcomeRepair { get; set; }
    public string? OutcomeCompensation { get; set; }
    public int AcceptAlert { get; set; }
    public bool ResolveAlerted { get; set; }
    public int RouteFailures { get; set; }
    public int EmergencyPages { get; set; }
    /// <summary>Mirrors "an emergency, open, never accepted": the console's red banner finds these without reading every ticket.</summary>
    public bool Unanswered { get; set; }
    public DateTimeOffset? CallbackSentAt { get; set; }
    public int PhotoUploads { get; set; }
    /// <summary>Comma-separated photo slot numbers.</summary>
    public string? Photos { get; set; }
    public int WorkPhotoUploads { get; set; }
    /// <summary>Comma-separated photo slot numbers.</summary>
    public string? WorkPhotos { get; set; }
    public int HistoryCount { get; set; }
    public DateTimeOffset? AnonymisedAt { get; set; }

    public static TicketEntity From(Ticket t) => new()
    {
        PartitionKey = t.Community,
        RowKey = t.Id,
        Kind = t.Kind,
        Scope = t.Scope,
        Category = t.Category,
        Emergency = t.Emergency,
        Building = t.Address.Building,
        Unit = t.Address.Unit,
        Room = t.Address.Room,
        Name = t.Name,
        Phone = t.Phone,
        Description = t.Description,
        PreferredTime = t.PreferredTime,
        Language = t.Language,
        OtherBuilding = t.OtherParty?.Building,
        OtherUnit = t.OtherParty?.Unit,
        OtherRoom = t.OtherParty?.Room,
        Channel = t.Channel,
        EnteredBy = t.EnteredBy,
        NoOwnerSms = !t.NotifyOwner,
        AnsweredByNotice = t.AnsweredByNotice,
        Status = t.Status,
        Department = t.Department,
        Priority = t.Priority,
        CreatedAt = t.CreatedAt,
        UpdatedAt = t.UpdatedAt,
        RoutedAt = t.RoutedAt,
        Routed = t.RoutedAt is not null,
        DispatchAt = t.DispatchAt,
        DispatchedAt = t.DispatchedAt,
        AwaitingDispatch = t.DispatchAt is not null && t.DispatchedAt is null,
        DispatchedTo = t.DispatchedTo.Count == 0 ? null : string.Join(',', t.DispatchedTo),
        DispatchSequence = t.DispatchSequence,
        SmsHeld = t.SmsHeld,
        SmsWithTicket = t.SmsWithTicket,
        AcceptedBy = t.AcceptedBy,
        AcceptedByPhone = t.AcceptedByPhone,
        AcceptedAt = t.AcceptedAt,
        FirstAcceptedAt = t.FirstAcceptedAt,
        FirstAcceptedBy = t.FirstAcceptedBy,
        FirstAcceptedByPhone = t.FirstAcceptedByPhone,
        ArrivedAt = t.ArrivedAt,
        FirstArrivedAt = t.FirstArrivedAt,
        ResolvedAt = t.ResolvedAt,
        ClosedAt = t.ClosedAt,
        EscalationLevel = t.EscalationLevel,
        ReopenCount = t.ReopenCount,
        Score = t.Score,
        Fixed = t.Fixed,
        FeedbackComment = t.FeedbackComment,
        MergedInto = t.MergedInto,
        Watchers = t.Watchers.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(t.Watchers),
        OutcomeResponsibility = t.Outcome?.Responsibility,
        OutcomeRepair = t.Outcome?.Repair,
        OutcomeCompensation = t.Outcome?.Compensation,
        AcceptAlert = t.AcceptAlert,
        ResolveAlerted = t.ResolveAlerted,
        RouteFailures = t.RouteFailures,
        EmergencyPages = t.EmergencyPages,
        Unanswered = Lifecycle.AwaitsEmergencyAcceptance(t),
        CallbackSentAt = t.CallbackSentAt,
        PhotoUploads = t.PhotoUploads,
        Photos = t.Photos.Count == 0 ? null : string.Join(',', t.Photos),
        WorkPhotoUploads = t.WorkPhotoUploads,
        WorkPhotos = t.WorkPhotos.Count == 0 ? null : string.Join(',', t.WorkPhotos),
        HistoryCount = t.HistoryCount,
        AnonymisedAt = t.AnonymisedAt,
    };

    public Ticket ToTicket() => new()
    {
        Id = RowKey,
        Community = PartitionKey,
        Kind = Kind,
        Scope = Scope,
        Category = Category,
        Emergency = Emergency,
        Address = new UnitAddress(Building, Unit, Room),
        Name = Name,
        Phone = Phone,
        Description = Description,
        PreferredTime = PreferredTime,
        Language = Language,
        OtherParty = OtherBuilding is null || OtherRoom is null ? null : new UnitAddress(OtherBuilding, OtherUnit, OtherRoom),
        Channel = Channel ?? Channels.Web,
        EnteredBy = EnteredBy,
        NotifyOwner = !NoOwnerSms,
        AnsweredByNotice = AnsweredByNotice,
        Status = Status,
        Department = Department,
        Priority = Priority,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        RoutedAt = RoutedAt,
        DispatchAt = DispatchAt,
        DispatchedAt = DispatchedAt,
        DispatchedTo = string.IsNullOrEmpty(DispatchedTo) ? [] : DispatchedTo.Split(','),
        DispatchSequence = DispatchSequence,
        SmsHeld = SmsHeld,
        SmsWithTicket = SmsWithTicket,
        AcceptedBy = AcceptedBy,
        AcceptedByPhone = AcceptedByPhone,
        AcceptedAt = AcceptedAt,
        FirstAcceptedAt = FirstAcceptedAt,
        FirstAcceptedBy = FirstAcceptedBy,
        FirstAcceptedByPhone = FirstAcceptedByPhone,
        ArrivedAt = ArrivedAt,
        FirstArrivedAt = FirstArrivedAt,
        ResolvedAt = ResolvedAt,
        ClosedAt = ClosedAt,
        EscalationLevel = EscalationLevel,
        ReopenCount = ReopenCount,
        Score = Score,
        Fixed = Fixed,
        FeedbackComment = FeedbackComment,
        MergedInto = MergedInto,
        Watchers = string.IsNullOrEmpty(Watchers) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<Watcher>>(Watchers) ?? [],
        Outcome = OutcomeResponsibility is null || OutcomeRepair is null ? null : new MediationOutcome(OutcomeResponsibility, OutcomeRepair, OutcomeCompensation),
        AcceptAlert = AcceptAlert,
        ResolveAlerted = ResolveAlerted,
        RouteFailures = RouteFailures,
        EmergencyPages = EmergencyPages,
        CallbackSentAt = CallbackSentAt,
        PhotoUploads = PhotoUploads,
        Photos = Slots(Photos),
        WorkPhotoUploads = WorkPhotoUploads,
        WorkPhotos = Slots(WorkPhotos),
        HistoryCount = HistoryCount,
        AnonymisedAt = AnonymisedAt,
    };

    private static List<int> Slots(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
}

public sealed class HistoryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Type { get; set; } = TicketEntity.HistoryType;
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Channel { get; set; } = "";
    public string? From { get; set; }
    public string To { get; set; } = "";
    public string? Note { get; set; }
    /// <summary>The note's codes and values (<see cref="HistoryNote.ToJson"/>); none on rows written before notes had codes.</summary>
    public string? NoteCodes { get; set; }
    public bool Public { get; set; }

    public static string Key(string ticketId, int sequence) => $"{ticketId}~{sequence:D4}";

    public static HistoryEntity Create(string community, string ticketId, HistoryEntry h) => new()
    {
        PartitionKey = community,
        RowKey = Key(ticketId, h.Sequence),
        Sequence = h.Sequence,
        At = h.At,
        Actor = h.Actor,
        Channel = h.Channel,
        From = h.From,
        To = h.To,
        Note = h.Note,
        NoteCodes = h.Coded?.ToJson(),
        Public = h.Public,
    };

    public HistoryEntry ToEntry() => new(Sequence, At, Actor, Channel, From, To, Note, Public, HistoryNote.FromJson(NoteCodes));
}
