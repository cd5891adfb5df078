using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.StaffConsole;

/// <summary>
/// What the staff console needs to speak the server's language: the code lists it offers (departments, kinds,
/// statuses, actions…), each import's columns, the words for all of them in both languages from
/// <see cref="Messages"/> (keys <c>{list}.{code}</c>, <c>import.{kind}</c>, <c>column.{name}</c>), and the time zone
/// its dates are shown in. The console keeps no copy of any of it.
/// </summary>
public sealed record ConsoleVocabulary(
    string TimeZone,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Codes,
    IReadOnlyDictionary<string, IReadOnlyList<ImportColumn>> Imports,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Texts)
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Lists = new()
    {
        ["department"] = Departments.All,
        ["kind"] = TicketKinds.All,
        ["status"] = TicketStatuses.All,
        ["priority"] = Priorities.All,
        ["action"] = TicketActions.All,
        ["channel"] = Channels.All,
        ["notice_type"] = NoticeTypes.All,
        ["notice_status"] = NoticeStatuses.All,
        ["role"] = StaffRolesOnRoster.All,
        ["contact_role"] = ContactRoles.All,
        ["relation"] = ResidentRelations.All,
        ["fee_type"] = FeeTypes.All,
    };

    /// <summary>Keyed by what the console calls each import (the residents' import is PUT /api/staff/owners).</summary>
    private static readonly Dictionary<string, IReadOnlyList<ImportColumn>> ImportColumns = new()
    {
        ["roster"] = RosterImport.Columns,
        ["residents"] = OwnerImport.Columns,
        ["fees"] = FeeImport.Columns,
    };

    /// <summary>Every catalogue key the vocabulary names.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        .. Lists.SelectMany(list => list.Value.Select(code => $"{list.Key}.{code}")),
        .. ImportColumns.Keys.SelectMany(kind => new[] { $"import.{kind}", $"import.{kind}.effect" }),
        .. ImportColumns.Values.SelectMany(columns => columns).Select(c => c.Name).Distinct()
            .SelectMany(name => new[] { $"column.{name}", $"column.{name}.hint" }),
    ];

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> AllTexts =
        new[] { Language.Chinese, Language.English }.ToDictionary(
            language => language,
            IReadOnlyDictionary<string, string> (language) => Keys.ToDictionary(key => key, key => Messages.Get(key, language)));

    /// <summary>The vocabulary for a desk in <paramref name="timeZone"/> (an IANA name; per community later).</summary>
    public static ConsoleVocabulary For(string timeZone) => new(timeZone, Lists, ImportColumns, AllTexts);
}
