using System.Text;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.StaffConsole;

namespace PropertyFunctions.Core.Tests;

public class ConsoleVocabularyTests
{
    private static readonly ConsoleVocabulary Vocabulary = ConsoleVocabulary.For("Asia/Shanghai");

    [Fact]
    public void Every_word_the_console_shows_is_in_the_catalogue_in_both_languages()
    {
        Assert.All(ConsoleVocabulary.Keys, key => Assert.True(Messages.Has(key), key));
        var chinese = Vocabulary.Texts[Language.Chinese];
        var english = Vocabulary.Texts[Language.English];
        Assert.Equal(ConsoleVocabulary.Keys.Order(), chinese.Keys.Order());
        Assert.Equal(ConsoleVocabulary.Keys.Order(), english.Keys.Order());
        Assert.Equal("接单", chinese["action.accept"]);
        Assert.Equal("Accept", english["action.accept"]);
        Assert.Equal("工程部", chinese["department.engineering"]);
        Assert.Equal("班次", chinese["column.shifts"]);
        Assert.All(ConsoleVocabulary.Keys.Where(k => !k.EndsWith(".hint", StringComparison.Ordinal)),
            key => Assert.NotEqual(chinese[key], english[key]));
    }

    [Fact]
    public void The_lists_are_the_servers_own()
    {
        Assert.Equal(Tickets.TicketActions.All, Vocabulary.Codes["action"]);
        Assert.Equal(Roster.Departments.All, Vocabulary.Codes["department"]);
        Assert.Contains(Tickets.TicketStatuses.InProgress, Vocabulary.Codes["status"]);
        Assert.Equal("Asia/Shanghai", Vocabulary.TimeZone);
    }

    public static TheoryData<string> Kinds => ["roster", "residents", "fees"];

    private static ImportResult<object> Validate(string kind, string csv)
    {
        var rows = ImportReader.Read(Encoding.UTF8.GetBytes(csv), isCsv: true);
        return kind switch
        {
            "roster" => Cast(RosterImport.Validate(rows)),
            "residents" => Cast(OwnerImport.Validate(rows)),
            _ => Cast(FeeImport.Validate(rows)),
        };
        static ImportResult<object> Cast<T>(ImportResult<T> r) => new([.. r.Accepted.Cast<object>()], r.Rejected);
    }

    private static string Csv(IEnumerable<ImportColumn> columns) =>
        string.Join(',', columns.Select(c => c.Name)) + "\n" + string.Join(',', columns.Select(c => c.Example.Contains(',') ? $"\"{c.Example}\"" : c.Example)) + "\n";

    /// <summary>The console offers each import's columns as a template: the template, and its required columns alone, import cleanly.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_imports_template_is_accepted_and_its_required_columns_are_required(string kind)
    {
        var columns = Vocabulary.Imports[kind];
        Assert.True(Validate(kind, Csv(columns)).Ok);
        Assert.True(Validate(kind, Csv(columns.Where(c => c.Required))).Ok);
        foreach (var required in columns.Where(c => c.Required))
        {
            var result = Validate(kind, Csv(columns.Where(c => c != required)));
            Assert.Contains(result.Rejected.Single().Errors, e => e.Field == required.Name);
        }
    }
}
