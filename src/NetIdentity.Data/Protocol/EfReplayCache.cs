using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Protocol;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Protocol;

/// <summary>
/// <see cref="IReplayCache"/> in the broker database, shared by every instance. An insert that
/// breaks the primary key is the replay: the database decides, so two instances racing with the
/// same value cannot both win. A singleton: each call borrows a pooled context from its own scope.
/// </summary>
public sealed class EfReplayCache : IReplayCache
{
    private readonly IServiceScopeFactory _scopes;

    public EfReplayCache(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    public async Task<bool> TryUseAsync(string purpose, string value, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrEmpty(value);

        // A hash, not the value: a jti or request_uri is not secret, but a fixed-length key of
        // anything a client sends cannot overflow the column or be cut into another value.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(purpose + "\n" + value)));
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.ReplayEntries.Add(new ReplayEntryRecord { Key = key, ExpiresAt = StoredTime.Normalize(expiresAt) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, ReplayEntryConfiguration.Table))
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(now);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.ReplayEntries.Where(r => r.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }
}
