using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

/// <summary>The owner's submission as it arrives on the wire (POST /api/tickets). Every field may be missing.</summary>
public record TicketSubmission
{
    public string? Community { get; init; }
    public string? Kind { get; init; }
    public string? Scope { get; init; }
    public string? Category { get; init; }
    public bool? Emergency { get; init; }
    public string? Building { get; init; }
    public string? Unit { get; init; }
    public string? Room { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public string? Description { get; init; }
    public string? PreferredTime { get; init; }
    public string? Language { get; init; }
    public UnitSubmission? OtherParty { get; init; }
}

/// <summary>
/// A ticket a clerk takes for an owner (POST /api/staff/tickets): the owner's fields, the channel it came through
/// (<see cref="Channels.Desk"/>), and whether the owner wants SMS about it (default: yes).
/// </summary>
public sealed record StaffTicketSubmission : TicketSubmission
{
    public string? Channel { get; init; }
    public bool? NotifyOwner { get; init; }

    /// <summary>The entry for <paramref name="clerk"/>, or the field error of a channel that is not a desk's.</summary>
    public (DeskEntry? Entry, IReadOnlyList<FieldError> Errors) Entry(string actorId, string clerk)
    {
        var e = new ErrorList();
        var channel = e.OneOf("channel", Channel, Channels.Desk, required: true);
        return channel is null ? (null, e.Errors) : (new DeskEntry(actorId, clerk, channel, NotifyOwner ?? true), []);
    }
}

public sealed record UnitSubmission
{
    public string? Building { get; init; }
    public string? Unit { get; init; }
    public string? Room { get; init; }
}

/// <summary>A submission that passed validation, normalized (trimmed text, E.164 phone).</summary>
public sealed record ValidSubmission(
    string Community,
    string Kind,
    string? Scope,
    string? Category,
    bool EmergencyClaimed,
    UnitAddress Address,
    string Name,
    string Phone,
    string Description,
    string? PreferredTime,
    string Language,
    UnitAddress? OtherParty);

public static class SubmissionValidator
{
    public const int MaxDescription = 2000;

    public static (ValidSubmission? Valid, IReadOnlyList<FieldError> Errors) Validate(TicketSubmission s, string requestLanguage)
    {
        var e = new ErrorList();
        var community = e.Community(s.Community);
        var kind = e.OneOf("kind", s.Kind, TicketKinds.All, required: true);
        var scope = e.OneOf("scope", s.Scope, RepairScopes.All, required: false);
        if (kind == TicketKinds.Repair)
        {
            scope ??= RepairScopes.Public;
        }
        var category = e.Text("category", s.Category, 40, required: false);
        var address = Address(e, "", s.Building, s.Unit, s.Room, required: true);
        var name = e.Text("name", s.Name, 40, required: true);
        string? phone = null;
        if (e.Text("phone", s.Phone, 32, required: true) is { } rawPhone)
        {
            if (PhoneNumber.TryNormalize(rawPhone, out var e164))
            {
                phone = e164;
            }
            else
            {
                e.Add("phone", "phone_invalid");
            }
        }
        var description = e.Text("description", s.Description, MaxDescription, required: true, multiline: true);
        var preferredTime = e.Text("preferredTime", s.PreferredTime, 100, required: false);
        var language = e.OneOf("language", s.Language, [Language.Chinese, Language.English], required: false)
            ?? requestLanguage;

        UnitAddress? otherParty = null;
        if (s.OtherParty is { } other)
        {
            otherParty = Address(e, "otherParty.", other.Building, other.Unit, other.Room, required: kind == TicketKinds.Mediation);
        }
        else if (kind == TicketKinds.Mediation)
        {
            e.Add("otherParty", "other_party_required");
        }

        if (e.Any)
        {
            return (null, e.Errors);
        }
        return (new ValidSubmission(community!, kind!, scope, category, s.Emergency ?? false, address!, name!, phone!,
            description!, preferredTime, language, otherParty), []);
    }

    private static UnitAddress? Address(ErrorList e, string prefix, string? building, string? unit, string? room, bool required)
    {
        var b = e.Text(prefix + "building", building, 20, required);
        var u = e.Text(prefix + "unit", unit, 10, required: false);
        var r = e.Text(prefix + "room", room, 10, required);
        return b is null || r is null ? null : new UnitAddress(b, u, r);
    }
}
