using System.Text.Json;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Communities;

/// <summary>A question of the FAQ (小百科) and its answer in paragraphs.</summary>
public sealed record FaqItem(string Q, IReadOnlyList<string> A);

/// <summary>One language's FAQ as staff edit it (PUT /api/staff/communities/{community}/faq/{language}).</summary>
public sealed record FaqDocument
{
    public IReadOnlyList<FaqItemDocument>? Items { get; init; }
}

public sealed record FaqItemDocument
{
    public string? Q { get; init; }
    public IReadOnlyList<string>? A { get; init; }
}

/// <summary>One language's FAQ as stored, with its ETag; <see cref="ETag"/> is null while the community uses the default.</summary>
public sealed record StoredFaq(IReadOnlyList<FaqItem> Items, string? ETag);

public abstract record FaqOutcome
{
    public sealed record Saved(StoredFaq Faq) : FaqOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : FaqOutcome;
    public sealed record Stale(StoredFaq Current) : FaqOutcome;
    public sealed record NotFound : FaqOutcome;
}

/// <summary>
/// Each community's FAQ (小百科) in Chinese and English. A community starts from the default (fees and payment, renovation, pets,
/// parcels, nearby facilities, office hours and the emergency line, the escalation ladder) until an admin edits it; an edit
/// reaches owners within <see cref="CommunityDirectory.CacheFor"/>, without a redeploy. Answers may name the community's own
/// details, filled in when owners read them: <c>{community}</c>, <c>{hours}</c>, <c>{phone}</c> (the 24-hour line) and
/// <c>{centre}</c> (the service centre's phone).
/// </summary>
public sealed class CommunityFaqs(ICommunityStore store, CommunityDirectory communities, TimeProvider time)
{
    public const int MaxItems = 30;
    public const int MaxQuestion = 100;
    public const int MaxParagraphs = 8;
    public const int MaxParagraph = 500;
    /// <summary>All of one language's text: Chinese at three bytes a character stays within the 16 KiB request cap.</summary>
    public const int MaxTotal = 5000;

    public static readonly IReadOnlyList<string> Languages = [Language.Chinese, Language.English];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Dictionary<string, IReadOnlyList<FaqItem>> Defaults = LoadDefaults();
    private readonly ReadThroughCache<(string, string), IReadOnlyList<FaqItem>?> _cache = new(CommunityDirectory.CacheFor, 10_000, time, keep: items => items is not null);

    public static IReadOnlyList<FaqItem> Default(string language) => Defaults[language];

    /// <summary>The FAQ as staff edit it (placeholders unfilled), or null for an unknown community.</summary>
    public async Task<StoredFaq?> GetAsync(string slug, string language, CancellationToken ct) =>
        await communities.FindAsync(slug, ct) is null ? null : await store.GetFaqAsync(slug, language, ct) ?? new StoredFaq(Default(language), null);

    /// <summary>What owners read: the FAQ with the community's own details filled in, kept a minute per instance; null for an unknown community.</summary>
    public Task<IReadOnlyList<FaqItem>?> ForOwnersAsync(string slug, string language, CancellationToken ct) =>
        _cache.GetAsync((slug, language), c => ReadForOwnersAsync(slug, language, c), ct);

    private async Task<IReadOnlyList<FaqItem>?> ReadForOwnersAsync(string slug, string language, CancellationToken ct)
    {
        if (await communities.FindAsync(slug, ct) is not { } community)
        {
            return null;
        }
        return ((await store.GetFaqAsync(slug, language, ct))?.Items ?? Default(language)).Select(i => Fill(i, community, language)).ToList();
    }

    /// <summary>Replaces one language's FAQ: under <paramref name="ifMatch"/>, or without it only while the default is in use.</summary>
    public async Task<FaqOutcome> SaveAsync(string slug, string language, FaqDocument document, string? ifMatch, CancellationToken ct)
    {
        if (await communities.FindAsync(slug, ct) is null)
        {
            return new FaqOutcome.NotFound();
        }
        var (items, errors) = Read(document);
        if (items is null)
        {
            return new FaqOutcome.Invalid(errors);
        }
        _cache.Forget((slug, language));
        return await store.SaveFaqAsync(slug, language, items, ifMatch, ct) is { } etag
            ? new FaqOutcome.Saved(new StoredFaq(items, etag))
            : new FaqOutcome.Stale((await store.GetFaqAsync(slug, language, ct)) ?? new StoredFaq(Default(language), null));
    }

    /// <summary>The items of a document, or the field errors (<c>items.3.q</c>, <c>items.3.a</c>) that stop it.</summary>
    public static (IReadOnlyList<FaqItem>? Items, IReadOnlyList<FieldError> Errors) Read(FaqDocument document)
    {
        var e = new ErrorList();
        var list = document.Items ?? [];
        if (list.Count > MaxItems)
        {
            e.Add("items", "too_many", MaxItems);
        }
        var items = new List<FaqItem>();
        foreach (var (item, i) in list.Take(MaxItems).Select((item, i) => (item, i)))
        {
            var q = e.Text($"items.{i}.q", item?.Q, MaxQuestion, required: true);
            var paragraphs = (item?.A ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
            if (paragraphs.Count == 0)
            {
                e.Add($"items.{i}.a", "required");
            }
            else if (paragraphs.Count > MaxParagraphs)
            {
                e.Add($"items.{i}.a", "too_many", MaxParagraphs);
            }
            var answers = paragraphs.Take(MaxParagraphs).Select(p => e.Text($"items.{i}.a", p, MaxParagraph, required: true, multiline: true)).ToList();
            if (q is not null && answers.Count > 0 && answers.All(a => a is not null))
            {
                items.Add(new FaqItem(q, answers!));
            }
        }
        if (items.Sum(i => i.Q.Length + i.A.Sum(a => a.Length)) > MaxTotal)
        {
            e.Add("items", "too_long", MaxTotal);
        }
        return e.Any ? (null, e.Errors) : (items, []);
    }

    private static FaqItem Fill(FaqItem item, Community c, string language)
    {
        string Fill(string text) => text.Replace("{community}", c.Name.In(language), StringComparison.Ordinal)
            .Replace("{hours}", c.Hours.Describe(language), StringComparison.Ordinal)
            .Replace("{phone}", c.EmergencyPhone, StringComparison.Ordinal)
            .Replace("{centre}", c.ServiceCentrePhone, StringComparison.Ordinal);
        return new FaqItem(Fill(item.Q), item.A.Select(Fill).ToList());
    }

    private static Dictionary<string, IReadOnlyList<FaqItem>> LoadDefaults()
    {
        using var stream = typeof(CommunityFaqs).Assembly.GetManifestResourceStream("faq-default.json")
            ?? throw new InvalidOperationException("faq-default.json is not embedded.");
        var parsed = JsonSerializer.Deserialize<Dictionary<string, List<FaqItem>>>(stream, Json)
            ?? throw new InvalidDataException("faq-default.json is empty.");
        return Languages.ToDictionary(l => l, l => (IReadOnlyList<FaqItem>)parsed[l]);
    }
}
