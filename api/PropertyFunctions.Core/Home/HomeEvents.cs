using PropertyFunctions.Core.Events;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Home;

/// <summary>An upcoming event as the owner's home lists it, with the owner's own sign-up (none, confirmed, waiting or cancelled).</summary>
public sealed record HomeEvent(string Id, string Title, string Place, DateTimeOffset Start, DateTimeOffset End, int PlacesLeft, bool SignupOpen,
    string? MyStatus, int? MyWaitingPosition);

/// <summary>
/// Community events from the owner's home: signing up as the signed-in phone (name and unit from their records, so nothing is
/// typed) and cancelling, which promotes the first on the waiting list (<see cref="EventDesk.CancelAsync"/>). Everything goes
/// through <see cref="EventDesk"/>, so the limits, the bounded waiting list and the one-SMS rule are the same as on the form.
/// </summary>
public sealed class HomeEvents(EventDesk events, IEventStore store, IResidentDirectory residents, TimeProvider time)
{
    public async Task<IReadOnlyList<HomeEvent>> ListAsync(OwnerSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = new List<HomeEvent>();
        foreach (var e in await events.UpcomingAsync(session.Community, ct))
        {
            var mine = await store.GetSignupAsync(session.Community, e.Id, session.Phone, ct);
            list.Add(new HomeEvent(e.Id, e.Title, e.Place, e.StartsAt, e.EndsAt, e.PlacesLeft, e.SignupOpenAt(now), mine?.Status, mine?.WaitingPosition));
        }
        return list;
    }

    /// <summary>Signs the owner up; an event of another community is not found, like an unknown one.</summary>
    public async Task<SignupOutcome> SignUpAsync(OwnerSession session, string eventId, int? people, string language, string clientAddress,
        CancellationToken ct)
    {
        if (eventId.Length > 32 || await store.FindCommunityAsync(eventId, ct) != session.Community
            || (await residents.WithPhoneAsync(session.Community, session.Phone, ct)).OrderBy(r => r.UnitKey, StringComparer.Ordinal).FirstOrDefault() is not { } me)
        {
            return new SignupOutcome.NotFound();
        }
        return await events.SignUpAsync(eventId, new SignupForm(me.Name, session.Phone, me.Unit.Building, me.Unit.Room, people), language, clientAddress, ct);
    }

    public Task<CancelResult> CancelAsync(OwnerSession session, string eventId, CancellationToken ct) =>
        eventId.Length > 32 ? Task.FromResult(CancelResult.NotFound) : events.CancelAsync(session.Community, eventId, session.Phone, ct);
}
