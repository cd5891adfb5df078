using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Communities;

/// <summary>Where communities' settings are kept (table Communities, PartitionKey = the community's slug).</summary>
public interface ICommunityStore
{
    Task<Versioned<CommunityDocument>?> GetAsync(string slug, CancellationToken ct);

    /// <summary>
    /// Stores the settings: under <paramref name="ifMatch"/> when given (null when someone changed them since), else only if
    /// the community does not exist yet (null when it does).
    /// </summary>
    Task<Versioned<CommunityDocument>?> SaveAsync(string slug, CommunityDocument settings, string? ifMatch, CancellationToken ct);

    Task<IReadOnlyList<string>> ListAsync(CancellationToken ct);

    /// <summary>One language's FAQ (row "faq:{language}" of the community), or null while the community uses the default.</summary>
    Task<StoredFaq?> GetFaqAsync(string slug, string language, CancellationToken ct);

    /// <summary>Stores one language's FAQ under <paramref name="ifMatch"/>, or without it only if none is stored; the new ETag, or null when stale.</summary>
    Task<string?> SaveFaqAsync(string slug, string language, IReadOnlyList<FaqItem> items, string? ifMatch, CancellationToken ct);
}

public abstract record CommunityOutcome
{
    public sealed record Saved(Community Community, string ETag) : CommunityOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CommunityOutcome;
    /// <summary>Changed by someone else since the caller read it (or created meanwhile): here it is now.</summary>
    public sealed record Stale(Community Current, string ETag) : CommunityOutcome;
    public sealed record NotFound : CommunityOutcome;
}

/// <summary>
/// The communities the desk serves. Every request path asks about its community, so each instance keeps what it read for
/// a minute (an edit reaches every instance within that minute; no redeploy) and remembers unknown slugs too, so a flood of
/// made-up communities costs one read each a minute (and at most <see cref="CacheSize"/> entries).
/// </summary>
public sealed class CommunityDirectory(ICommunityStore store, DeskOptions desk, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private const int CacheSize = 10_000;
    private readonly ReadThroughCache<string, Versioned<Community>?> _cache = new(CacheFor, CacheSize, time);

    /// <summary>The community, or null when the desk does not serve it.</summary>
    public async Task<Community?> FindAsync(string slug, CancellationToken ct) => (await FindVersionedAsync(slug, ct))?.Value;

    /// <summary>A stored ticket's community: its settings, or the documented defaults if its settings were removed.</summary>
    public async Task<Community> GetAsync(string slug, CancellationToken ct) => await FindAsync(slug, ct) ?? Community.Default(slug, desk);

    public Task<Versioned<Community>?> FindVersionedAsync(string slug, CancellationToken ct) => _cache.GetAsync(slug, c => ReadAsync(slug, c), ct);

    private async Task<Versioned<Community>?> ReadAsync(string slug, CancellationToken ct)
    {
        var stored = await store.GetAsync(slug, ct);
        return stored is not null && CommunitySettings.Read(slug, stored.Value, desk) is { Community: { } community }
            ? new Versioned<Community>(community, stored.ETag)
            : null;
    }

    /// <summary>Creates a community with the documented defaults unless it exists (start-up seeding and first set-up).</summary>
    public async Task EnsureAsync(string slug, CancellationToken ct)
    {
        if (await store.GetAsync(slug, ct) is null)
        {
            await store.SaveAsync(slug, CommunitySettings.Write(Community.Default(slug, desk)), ifMatch: null, ct);
            _cache.Forget(slug);
        }
    }

    /// <summary>Changes (or, without <paramref name="ifMatch"/>, creates) a community's settings.</summary>
    public async Task<CommunityOutcome> SaveAsync(string slug, CommunityDocument document, string? ifMatch, CancellationToken ct)
    {
        var (community, errors) = CommunitySettings.Read(slug, document, desk);
        if (community is null)
        {
            return new CommunityOutcome.Invalid(errors);
        }
        // The caller's ETag is compared before the write: whatever a client sends as If-Match, a mismatch is "changed since".
        var saved = ifMatch is null || (await store.GetAsync(slug, ct))?.ETag == ifMatch
            ? await store.SaveAsync(slug, CommunitySettings.Write(community), ifMatch, ct)
            : null;
        _cache.Forget(slug);
        if (saved is not null)
        {
            return new CommunityOutcome.Saved(community, saved.ETag);
        }
        return await FindVersionedAsync(slug, ct) is { } current
            ? new CommunityOutcome.Stale(current.Value, current.ETag)
            : new CommunityOutcome.NotFound();
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken ct) => store.ListAsync(ct);
}
