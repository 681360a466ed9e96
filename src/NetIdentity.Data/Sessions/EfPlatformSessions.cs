using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Sessions;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Sessions;

/// <summary>
/// <see cref="IPlatformSessions"/> in the broker database, shared by every instance. A singleton:
/// each call borrows a pooled context from its own scope.
/// </summary>
public sealed class EfPlatformSessions(IServiceScopeFactory scopes) : IPlatformSessions
{
    /// <inheritdoc/>
    public async Task AddAsync(PlatformSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var record = PlatformSessionRecord.From(session);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.PlatformSessions.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PlatformSession>> ForPersonAsync(string personKey, string? clientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(personKey);
        var at = StoredTime.Normalize(now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var query = db.PlatformSessions.AsNoTracking().Where(s => s.PersonKey == personKey && s.ExpiresAt > at);
        if (clientId is not null)
        {
            query = query.Where(s => s.ClientId == clientId);
        }

        var records = await query.ToListAsync(cancellationToken);
        return [.. records.OrderBy(r => r.CreatedAt).ThenBy(r => r.Sid, StringComparer.Ordinal).Select(r => r.ToSession())];
    }

    /// <inheritdoc/>
    public async Task<int> RemoveAsync(IReadOnlyCollection<string> sids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sids);
        if (sids.Count == 0)
        {
            return 0;
        }

        var list = sids.ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.PlatformSessions.Where(s => list.Contains(s.Sid)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveAsync(string sid, string clientId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sid);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.PlatformSessions.Where(s => s.Sid == sid && s.ClientId == clientId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.PlatformSessions.Where(s => s.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }
}
