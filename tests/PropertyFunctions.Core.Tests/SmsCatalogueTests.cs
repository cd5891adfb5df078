using System.Text;
using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tests;

public sealed partial class SmsCatalogueTests
{
    /// <summary>
    /// A production-length public address (22 characters): the segment budget assumes the company's SMS link domain is no
    /// longer (README, "Mainland SMS"). A link is then 35 characters of a 70-character SMS.
    /// </summary>
    public const string Site = "https://wy.sunshine.cn";

    public static readonly SmsComposer Composer = new(new DeskOptions { PublicBaseUrl = Site, SmsSignature = "阳光物业" });

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Placeholder();

    public static TheoryData<string, string> TemplatesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in SmsCatalogue.All)
        {
            data.Add(t.Key, Language.Chinese);
            data.Add(t.Key, Language.English);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(TemplatesAndLanguages))]
    public void Every_placeholder_is_a_declared_variable_and_every_variable_is_used(string key, string language)
    {
        var template = SmsCatalogue.Get(key);
        var text = template.Text(language);
        var used = Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(template.Variables.Select(v => v.Name).Order(), used.Distinct().Order());
        Assert.Equal(used.Count, used.Distinct().Count());
        // Besides ${…} only {site}: no format items, no stray braces.
        Assert.DoesNotMatch("[{}]", Placeholder().Replace(text, "").Replace("{site}", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_are_unique_and_valid_in_app_setting_names()
    {
        Assert.Equal(SmsCatalogue.All.Count, SmsCatalogue.Keys.Distinct().Count());
        Assert.All(SmsCatalogue.Keys, k => Assert.Matches("^[a-z][a-z0-9_]*$", k));
    }

    [Fact]
    public void Variables_keep_within_mainland_limits() =>
        Assert.All(SmsCatalogue.All.SelectMany(t => t.Variables.Select(v => (t, v))), x =>
            Assert.InRange(x.v.MaxLength, 1, x.t.Type == SmsTemplateTypes.Verification ? 6 : 35));

    [Fact]
    public void Owner_text_only_travels_in_short_text_variables()
    {
        // Fill variables are where free text goes; they must be short text, never a name, address or id.
        Assert.All(SmsCatalogue.All.Where(t => t.Fill is not null), t =>
            Assert.Equal(VariableKind.ShortText, t.Variables.Single(v => v.Name == t.Fill).Kind));
    }

    /// <summary>Every variable as long as it may be, in the worst characters for its language.</summary>
    [Theory]
    [MemberData(nameof(TemplatesAndLanguages))]
    public void Every_template_fits_its_segments_with_worst_case_values(string key, string language)
    {
        var template = SmsCatalogue.Get(key);
        var values = template.Variables.ToDictionary(v => v.Name, v => Worst(v, language));
        var message = Composer.Compose(template, language, values);
        var text = Composer.Render(message);
        Assert.True(Composer.BilledSegments(message) <= template.MaxSegments, $"{key}/{language}: {Composer.BilledSegments(message)} segments: {text}");
        Assert.All(template.Variables, v => Assert.True(message.Values[v.Name].Length <= v.MaxLength, $"{key}.{v.Name}"));
    }

    public static TheoryData<string, string, int> Realistic() => new()
    {
        { "ack_open", Language.Chinese, 1 }, { "ack_open", Language.English, 1 },
        { "ack_closed", Language.Chinese, 1 }, { "ack_closed", Language.English, 1 },
        { "ack_waiting", Language.Chinese, 1 }, { "ack_waiting", Language.English, 1 },
        { "ack_emergency", Language.Chinese, 2 }, { "ack_emergency", Language.English, 2 },
        { "dispatch", Language.Chinese, 1 }, { "dispatch_urgent", Language.Chinese, 1 },
        { "accepted", Language.Chinese, 1 }, { "accepted", Language.English, 1 },
        { "on_my_way", Language.Chinese, 1 }, { "on_my_way", Language.English, 1 },
        { "resolved", Language.Chinese, 1 }, { "resolved", Language.English, 1 },
        { "callback", Language.Chinese, 1 }, { "callback", Language.English, 1 },
        { "taken", Language.Chinese, 1 },
    };

    [Theory]
    [MemberData(nameof(Realistic))]
    public void Ticket_messages_with_realistic_values_take_the_segments_budgeted(string key, string language, int segments)
    {
        var template = SmsCatalogue.Get(key);
        var message = Composer.Compose(template, language, template.Variables.ToDictionary(v => v.Name, v => Typical(v, language)));
        Assert.True(Composer.BilledSegments(message) == segments, $"{key}/{language}: {Composer.BilledSegments(message)} segments: {Composer.Render(message)}");
    }

    [Fact]
    public void A_dispatch_shortens_the_description_to_one_segment_and_keeps_the_task_link()
    {
        var values = new Dictionary<string, string>
        {
            ["address"] = "3栋2单元1501",
            ["text"] = "卫生间天花板漏水，好像是楼上渗下来的，已经好几天了，墙面发霉，物业之前来看过一次但是没有修好",
            ["code"] = "Ab3dE9xK2m",
        };
        var text = Composer.Render(Composer.Compose(SmsCatalogue.Dispatch, Language.Chinese, values));
        Assert.Equal(1, SmsSegments.Count(text).Segments);
        Assert.StartsWith("【阳光物业】3栋2单元1501：卫生间天花板漏水", text);
        Assert.EndsWith("… 回JD接单 https://wy.sunshine.cn/w/Ab3dE9xK2m", text);
    }

    [Fact]
    public void The_accept_message_names_the_department_and_the_expected_time()
    {
        var values = new Dictionary<string, string> { ["department"] = "工程部", ["name"] = "张师傅", ["id"] = "261128-K7QF", ["eta"] = "30分钟" };
        Assert.Equal("【阳光物业】工程部张师傅已接单261128-K7QF，预计30分钟内到达。",
            Composer.Render(Composer.Compose(SmsCatalogue.Accepted, Language.Chinese, values)));
    }

    [Fact]
    public void English_owner_messages_stay_in_the_gsm_alphabet()
    {
        var values = new Dictionary<string, string> { ["id"] = "261128-K7QF", ["code"] = "Ab3dE9xK2m" };
        var text = Composer.Render(Composer.Compose(SmsCatalogue.AckOpen, Language.English, values));
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(text).Encoding);
        Assert.Equal("Property desk: We have 261128-K7QF: https://wy.sunshine.cn/t/Ab3dE9xK2m", text);
    }

    [Fact]
    public void A_missing_or_unknown_variable_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Composer.Compose(SmsCatalogue.AckOpen, Language.Chinese, new Dictionary<string, string> { ["id"] = "x" }));
        Assert.Throws<ArgumentException>(() => Composer.Compose(SmsCatalogue.Help, Language.Chinese, new Dictionary<string, string> { ["x"] = "y" }));
    }

    /// <summary>
    /// By property: text from owners and staff, with braces, dollar signs, placeholders of our own syntax, format items,
    /// line breaks, emoji and lone surrogates, goes into every variable of every template. Rendering never fails, every value
    /// is printed as it is (cleaned and shortened, never interpreted), and the SMS keeps to its segments where it has a fill.
    /// </summary>
    [Fact]
    public void Any_text_in_any_variable_is_printed_as_data()
    {
        var random = new Random(20261202);
        string[] pieces = ["${id}", "${code}", "{site}", "{0}", "{{", "}}", "$", "{", "}", "%s", "\\", "\n", "\r\n", "\t", "王", "女士", "😀",
            "\uD800", "\uDC00", "é", "【", "】", "<b>", "'", "\"", " ", "  ", "\u0000", "\u202E", "3栋", "电梯困人"];
        for (var round = 0; round < 300; round++)
        {
            foreach (var template in SmsCatalogue.All)
            {
                foreach (var language in new[] { Language.Chinese, Language.English })
                {
                    var values = template.Variables.ToDictionary(v => v.Name, _ =>
                        string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)])));
                    var message = Composer.Compose(template, language, values);
                    var text = Composer.Render(message);
                    foreach (var variable in template.Variables)
                    {
                        var value = message.Values[variable.Name];
                        Assert.True(value.Length <= variable.MaxLength);
                        Assert.DoesNotContain('\n', value);
                        Assert.Contains(value, text, StringComparison.Ordinal);
                    }
                    if (template.Fill is { } fill)
                    {
                        // Shortened as far as it takes: it fits, or nothing of the free text is left.
                        Assert.True(Composer.BilledSegments(message) <= template.MaxSegments || message.Values[fill].Length == 0, text);
                    }
                }
            }
        }
    }

    private static string Worst(SmsVariable v, string language) => v.Kind switch
    {
        VariableKind.LinkCode => "Ab3dE9xK2m",
        VariableKind.Id => "261128-K7QF",
        VariableKind.Number => new string('9', v.MaxLength),
        VariableKind.Phone => new string('8', v.MaxLength),
        _ => new string(language == Language.English ? 'W' : '字', v.MaxLength),
    };

    internal static string Typical(SmsVariable v, string language) => (v.Name, language == Language.English) switch
    {
        ("id" or "into", _) => "261128-K7QF",
        ("code", _) => "Ab3dE9xK2m",
        ("phone", _) => "400-800-1234",
        ("opens", _) => "09:00",
        ("address", false) => "3栋2单元1501",
        ("address", true) => "Bldg 3 Unit 2 Rm 1501",
        ("text", false) => "卫生间天花板漏水，好像是楼上渗下来的，已经好几天了",
        ("text", true) => "Water is leaking through the bathroom ceiling from the flat above",
        ("name", false) => "张师傅",
        ("name", true) => "Zhang",
        ("department", false) => "工程部",
        ("department", true) => "engineering",
        ("eta", false) => "30分钟",
        ("eta", true) => "30 min",
        _ => language == Language.English ? new StringBuilder().Insert(0, "word ", Math.Max(1, v.MaxLength / 10)).ToString() : "温馨提示内容",
    };
}
