using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Settings;

/// <summary>
/// <see cref="ISettingPins"/> in the broker database. The primary key decides a first-pin race
/// between instances; a repin is a compare-and-set on the old fingerprint.
/// </summary>
internal sealed class EfSettingPins(IServiceScopeFactory scopes) : ISettingPins
{
    public async Task<string?> FindAsync(string setting, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.SettingPins.AsNoTracking()
            .Where(p => p.Setting == setting)
            .Select(p => p.Fingerprint)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> TryPinAsync(string setting, string fingerprint, DateTimeOffset pinnedAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        db.SettingPins.Add(new SettingPinRecord { Setting = setting, Fingerprint = fingerprint, PinnedAt = StoredTime.Normalize(pinnedAt) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsOn(exception, SettingPinConfiguration.Table))
        {
            return false;
        }
    }

    public async Task<bool> RepinAsync(string setting, string expected, string fingerprint, DateTimeOffset pinnedAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var at = StoredTime.Normalize(pinnedAt);
        var updated = await db.SettingPins
            .Where(p => p.Setting == setting && p.Fingerprint == expected)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Fingerprint, fingerprint).SetProperty(p => p.PinnedAt, at), cancellationToken);
        return updated == 1;
    }
}
