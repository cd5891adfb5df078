using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class HistoryNoteTests
{
    [Fact]
    public void A_coded_note_reads_in_each_language_with_its_words_translated()
    {
        var note = HistoryNote.Of("history.dispatched", new HistoryNote.Word("department.engineering"));

        Assert.Equal("已派单至工程部", note.Render(Language.Chinese));
        Assert.Equal("Dispatched to Engineering", note.Render(Language.English));
    }

    [Fact]
    public void Durations_and_follow_on_parts_are_written_the_readers_way()
    {
        var note = HistoryNote.Of("history.departed", "张师傅", new HistoryNote.Minutes(20)).Then(HistoryNote.Aside("带梯子"));

        Assert.Equal("张师傅 已出发，预计20分钟内到达（带梯子）", note.Render(Language.Chinese));
        Assert.StartsWith("张师傅 is on the way, expected within 20", note.Render(Language.English), StringComparison.Ordinal);
        Assert.EndsWith(" (带梯子)", note.Render(Language.English), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@department.engineering")]
    [InlineData("@@x")]
    [InlineData("@minutes:5")]
    [InlineData("{0} {1} ${id} %s")]
    [InlineData("@")]
    public void Text_people_wrote_is_shown_as_written_even_when_it_looks_like_a_code_or_a_format(string typed)
    {
        var note = HistoryNote.Of("history.owner_escalated", new HistoryNote.Word("ladder.1")).Then(HistoryNote.Reason(typed));
        var stored = HistoryNote.FromJson(note.ToJson())!;

        Assert.EndsWith("：" + typed, stored.Render(Language.Chinese), StringComparison.Ordinal);
        Assert.EndsWith(": " + typed, stored.Render(Language.English), StringComparison.Ordinal);
        Assert.Equal(typed, HistoryNote.Typed(typed).Render(Language.English));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"a\":1}")]
    public void Anything_but_stored_codes_reads_as_no_codes(string? json) => Assert.Null(HistoryNote.FromJson(json));

    [Fact]
    public void An_entry_keeps_codes_only_when_there_are_codes_and_older_rows_read_their_text()
    {
        var at = DateTimeOffset.UnixEpoch;
        var coded = HistoryEntry.Create(2, at, "system", "system", "received", "dispatched", HistoryNote.Of("history.resolved"), isPublic: true);
        var typed = HistoryEntry.Create(3, at, "staff:x", "console", "dispatched", "dispatched", "换了灯泡", isPublic: true);
        var old = new HistoryEntry(4, at, "system", "system", null, "closed", "已处理完毕", true);

        Assert.Equal(("已处理完毕", "Resolved"), (coded.Note, coded.NoteIn(Language.English)));
        Assert.Null(typed.Coded);
        Assert.Equal("换了灯泡", typed.NoteIn(Language.English));
        Assert.Equal("已处理完毕", old.For(Language.English).Note);
    }

    /// <summary>Every code the domain writes into history has its text in both languages.</summary>
    [Fact]
    public void Every_code_the_desk_writes_into_history_is_in_the_catalogue()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PropertyFunctions.sln")))
        {
            root = root.Parent!;
        }
        var codes = Directory.EnumerateFiles(Path.Combine(root.FullName, "api", "PropertyFunctions.Core"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "HistoryNote\\.(?:Of\\(|Word\\()\"([a-z_.]*[a-z_])\"").Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.True(codes.Count >= 30, $"found only {codes.Count} codes");
        Assert.All(codes, code => Assert.True(Messages.Has(code), code));
    }
}
