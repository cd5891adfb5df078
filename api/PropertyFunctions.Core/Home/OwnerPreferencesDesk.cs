using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Home;

/// <summary>
/// The owner's SMS choices: fee reminders, notices and events each on or off, the language, and TD (opted out of everything
/// but safety notices). <see cref="SafetyNotices"/> is always true: water, power and gas notices cannot be switched off.
/// </summary>
public sealed record OwnerPreferences(bool FeeReminders, bool Notices, bool Events, string Language, bool OptedOut)
{
    public bool SafetyNotices => true;
}

/// <summary>A change to the preferences; a missing field stays as it is.</summary>
public sealed record OwnerPreferencesChange(bool? FeeReminders, bool? Notices, bool? Events, string? Language, bool? OptedOut);

/// <summary>
/// Reads and changes an owner's preferences where they already live: the opt-out table (TD, and one row per topic turned off,
/// which the SMS gate and the broadcast runs honour) and the language on the owner's records. No copy is kept anywhere else.
/// </summary>
public sealed class OwnerPreferencesDesk(IOptOuts optOuts, IResidentDirectory residents, TimeProvider time)
{
    public async Task<OwnerPreferences> GetAsync(OwnerSession session, CancellationToken ct)
    {
        var off = await optOuts.TopicsOffAsync(session.Phone, ct);
        var records = await residents.WithPhoneAsync(session.Community, session.Phone, ct);
        var language = records.Count > 0 ? records[0].Language : Language.Chinese;
        return new OwnerPreferences(!off.Contains(SmsTopics.Fees), !off.Contains(SmsTopics.Notices), !off.Contains(SmsTopics.Events), language,
            await optOuts.IsOptedOutAsync(session.Phone, ct));
    }

    public async Task<(OwnerPreferences? Saved, IReadOnlyList<FieldError> Errors)> SaveAsync(OwnerSession session, OwnerPreferencesChange change,
        CancellationToken ct)
    {
        var e = new ErrorList();
        var language = e.OneOf("language", change.Language, [Language.Chinese, Language.English], required: false);
        if (e.Any)
        {
            return (null, e.Errors);
        }
        var now = time.GetUtcNow();
        foreach (var (topic, on) in new[] { (SmsTopics.Fees, change.FeeReminders), (SmsTopics.Notices, change.Notices), (SmsTopics.Events, change.Events) })
        {
            if (on is { } value)
            {
                await optOuts.SetTopicAsync(session.Phone, topic, off: !value, now, ct);
            }
        }
        if (language is not null)
        {
            await residents.SetLanguageAsync(session.Community, session.Phone, language, ct);
        }
        if (change.OptedOut is { } optedOut)
        {
            // Opting back in after TD is deleting the TD row: the opt-out table stays the one record of it.
            await optOuts.SetAsync(session.Phone, optedOut, now, ct);
        }
        return (await GetAsync(session, ct), []);
    }
}
