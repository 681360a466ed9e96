using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// OpenIddict's application cache, kept across requests for <see cref="Lifetime"/> (issue 10:
/// OpenIddict's own lives for one request, so every authorization, return and token request read
/// the platform's row again, 3.4 % of the broker's CPU in a login).
/// </summary>
/// <remarks>
/// <para>
/// What is shared is a copy of the row's values, never an entity: each request gets its own
/// entity, made from the copy and attached to the request's <see cref="BrokerDbContext"/> as
/// unchanged, exactly as if the request had read it. So a request can do anything with it that
/// it could with a row it read (OpenIddict's stores link an authorization or a token to it
/// without reading it again), and no object is shared between two requests.
/// </para>
/// <para>
/// Why a copy may be up to <see cref="Lifetime"/> old: the platforms are the broker's
/// configuration (<c>Platforms</c>), written to the application store by each instance at
/// start-up (<see cref="Platforms.PlatformSynchronizer"/>); a change reaches the platforms'
/// rules (<see cref="Platforms.PlatformCatalog"/>) only when an instance restarts. A change this
/// instance makes itself (the synchroniser, through OpenIddict's manager) replaces or removes the
/// copy at once. Only another instance's change — a rolling restart with a new configuration —
/// is seen here up to <see cref="Lifetime"/> later, while this instance still runs on the old
/// configuration anyway. docs/configuration.md "Platforms" says so.
/// </para>
/// </remarks>
/// <param name="copies">The copies, shared by every request of the process.</param>
/// <param name="context">The request's database context, the one OpenIddict's stores use.</param>
/// <param name="store">OpenIddict's application store, asked when there is no fresh copy.</param>
public sealed class PlatformRegistrationCache(
    PlatformRegistrationCopies copies,
    BrokerDbContext context,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>
{
    /// <summary>How long a copy of a platform's row is used before the row is read again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>What this request found (OpenIddict asks for the same platform several times in one request).</summary>
    private readonly Dictionary<(string Identifier, bool ByClientId), OpenIddictEntityFrameworkCoreApplication> _found = [];

    /// <inheritdoc />
    public ValueTask AddAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        Keep(application);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync(identifier, byClientId: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync(identifier, byClientId: false, cancellationToken);

    /// <summary>Not kept: only the end-session endpoint asks, once per logout.</summary>
    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByPostLogoutRedirectUriAsync(uri, cancellationToken);

    /// <summary>Not kept: the broker never looks a platform up by its redirect URI in a login.</summary>
    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) =>
        store.FindByRedirectUriAsync(uri, cancellationToken);

    /// <inheritdoc />
    public ValueTask RemoveAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        copies.Remove(application.Id, application.ClientId);
        foreach (var key in _found.Where(f => ReferenceEquals(f.Value, application)).Select(f => f.Key).ToArray())
        {
            _found.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindAsync(string identifier, bool byClientId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);

        // Still tracked: the broker's stores clear their context's tracker after some failures.
        if (_found.TryGetValue((identifier, byClientId), out var found)
            && WithoutDetectingChanges(() => context.Entry(found).State) is not (EntityState.Detached or EntityState.Deleted))
        {
            return found;
        }

        // The request may have the row already (read, or linked from a token it read): that one,
        // also when it tracks it under the copy's other key, since one context cannot hold two
        // entities of one row.
        var copy = copies.Find(identifier, byClientId);
        var application = Tracked(a => (byClientId ? a.ClientId == identifier : a.Id == identifier)
            || (copy is not null && (a.Id == copy.Id || a.ClientId == copy.ClientId)));
        if (application is null && copy is not null)
        {
            application = Attach(copy);
        }
        else if (application is null)
        {
            application = byClientId
                ? await store.FindByClientIdAsync(identifier, cancellationToken)
                : await store.FindByIdAsync(identifier, cancellationToken);
            if (application is not null)
            {
                Keep(application);
            }
        }

        if (application is not null)
        {
            _found[(identifier, byClientId)] = application;
        }

        return application;
    }

    /// <summary>Copies the row's values, if the request's entity is as stored (read or just saved).</summary>
    private void Keep(OpenIddictEntityFrameworkCoreApplication application)
    {
        var entry = context.Entry(application);
        if (entry.State != EntityState.Unchanged || application.Id is null || application.ClientId is null)
        {
            return;
        }

        var values = entry.Metadata.GetProperties()
            .Where(p => !p.IsShadowProperty())
            .Select(p => KeyValuePair.Create(p.Name, entry.CurrentValues[p]))
            .ToArray();
        copies.Keep(new PlatformRegistrationCopy(application.Id, application.ClientId, values));
    }

    /// <summary>A new entity with the copy's values, tracked by the request's context as read from the store.</summary>
    private OpenIddictEntityFrameworkCoreApplication Attach(PlatformRegistrationCopy copy)
    {
        var application = new OpenIddictEntityFrameworkCoreApplication();
        var entry = context.Entry(application);
        foreach (var (name, value) in copy.Values)
        {
            entry.Property(name).CurrentValue = value;
        }

        entry.State = EntityState.Unchanged;
        return application;
    }

    /// <summary>
    /// The application entity the request's context tracks that matches, if any. The keys matched
    /// on (id, client_id) never change in a request, so without EF Core's scan of every tracked
    /// entity for changes first.
    /// </summary>
    private OpenIddictEntityFrameworkCoreApplication? Tracked(Func<OpenIddictEntityFrameworkCoreApplication, bool> match) =>
        WithoutDetectingChanges(() =>
        {
            foreach (var entry in context.ChangeTracker.Entries<OpenIddictEntityFrameworkCoreApplication>())
            {
                if (entry.State != EntityState.Deleted && match(entry.Entity))
                {
                    return entry.Entity;
                }
            }

            return null;
        });

    /// <summary>
    /// Reads the tracker without EF Core first comparing tracked entities with their snapshots:
    /// what is read here (an entry's state, the id and client_id) does not depend on that.
    /// </summary>
    private T WithoutDetectingChanges<T>(Func<T> read)
    {
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}

/// <summary>The stored values of one platform's application row, by property name.</summary>
/// <param name="Id">The row's key.</param>
/// <param name="ClientId">The platform's <c>client_id</c>.</param>
/// <param name="Values">Every mapped property's value, as read or saved.</param>
public sealed record PlatformRegistrationCopy(string Id, string ClientId, IReadOnlyList<KeyValuePair<string, object?>> Values);

/// <summary>
/// The copies <see cref="PlatformRegistrationCache"/> keeps, one per platform, shared by every
/// request of the process; each is used until <see cref="PlatformRegistrationCache.Lifetime"/>
/// after it was made.
/// </summary>
/// <param name="time">The clock that ends copies.</param>
public sealed class PlatformRegistrationCopies(TimeProvider time)
{
    /// <summary>At most this many copies (platforms), beyond which all are forgotten rather than the memory growing.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Entry> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);

    /// <summary>The fresh copy of the platform with this <c>client_id</c> (or row key), if there is one.</summary>
    public PlatformRegistrationCopy? Find(string identifier, bool byClientId)
    {
        var entries = byClientId ? _byClientId : _byId;
        return entries.TryGetValue(identifier, out var entry) && entry.Until > time.GetUtcNow() ? entry.Copy : null;
    }

    /// <summary>Keeps <paramref name="copy"/> from now, in place of any earlier copy of the row.</summary>
    public void Keep(PlatformRegistrationCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        if (_byClientId.Count >= Capacity)
        {
            _byClientId.Clear();
            _byId.Clear();
        }

        var entry = new Entry(copy, time.GetUtcNow() + PlatformRegistrationCache.Lifetime);
        _byClientId[copy.ClientId] = entry;
        _byId[copy.Id] = entry;
    }

    /// <summary>Forgets the copies of a row that changed or went.</summary>
    public void Remove(string? id, string? clientId)
    {
        if (id is not null)
        {
            _byId.TryRemove(id, out _);
        }

        if (clientId is not null)
        {
            _byClientId.TryRemove(clientId, out _);
        }
    }

    private sealed record Entry(PlatformRegistrationCopy Copy, DateTimeOffset Until);
}
