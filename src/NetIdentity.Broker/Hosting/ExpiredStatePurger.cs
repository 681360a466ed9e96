using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Login;
using NetIdentity.Core.Protocol;
using OpenIddict.Abstractions;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Erases what outlived its purpose, once a minute: logins past their lifetime (their state is
/// useless and unreadable by then) and sealed identity nobody collected within its five minutes
/// (PRODUCT rule 7: plaintext, even sealed, is kept no longer than its one delivery needs),
/// rate-limit counters whose window ended, replay cache entries past the moment what they guard
/// would be refused anyway (issue 9 §6), notes of logins a back-channel logout can no longer
/// name (issue 12 §2), and (issue 9 §7) OpenIddict's tokens and authorizations
/// that can no longer be used and used bizSeqs past any use (each login left about 6 KB behind
/// for ever before). Every
/// instance runs it; each purge is one <c>DELETE … WHERE expires_at &lt;= now</c>, so running it
/// twice is harmless.
/// </summary>
internal sealed partial class ExpiredStatePurger(
    ILoginStates logins,
    IIdentityDeliveries deliveries,
    ISharedCounters counters,
    IReplayCache replay,
    ICodeIssuance bizSeqs,
    NetIdentity.Core.Sessions.IPlatformSessions sessions,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ExpiredStatePurger> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long OpenIddict keeps a token or authorization entry that can no longer be used: past the
    /// longest token lifetime (refresh tokens, 1 day), so a reused refresh token is still recognised
    /// as reuse while it could have been valid, plus a day's margin.
    /// </summary>
    public static readonly TimeSpan TokenRetention = TimeSpan.FromDays(2);

    /// <summary>
    /// How long a used bizSeq is kept: far past the credential's freshness window (300 s) and the
    /// login lifetime, after which a replayed credential is refused as stale anyway.
    /// </summary>
    public static readonly TimeSpan BizSeqRetention = TimeSpan.FromDays(1);

    /// <summary>One pass; returns how many of each it erased.</summary>
    public async Task<PurgeResult> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purgedLogins = await logins.PurgeExpiredAsync(now, cancellationToken);
        var purgedDeliveries = await deliveries.PurgeExpiredAsync(now, cancellationToken);
        var purgedReplays = await replay.PurgeExpiredAsync(now, cancellationToken);

        // Rate-limit windows that ended count nothing any more.
        await counters.PurgeExpiredAsync(now, cancellationToken);

        // Notes of logins at platforms past Broker:LogoutSessionLifetime (back-channel logout).
        await sessions.PurgeExpiredAsync(now, cancellationToken);
        var purgedBizSeqs = await bizSeqs.PurgeConsumedAsync(now - BizSeqRetention, cancellationToken);

        // OpenIddict's own pruning: entries created before the threshold that are expired, redeemed,
        // revoked or otherwise invalid, and authorizations left with no valid token.
        await using var scope = scopes.CreateAsyncScope();
        var threshold = now - TokenRetention;
        var purgedTokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var purgedAuthorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);

        var result = new PurgeResult(purgedLogins, purgedDeliveries, purgedReplays, (int)purgedTokens, (int)purgedAuthorizations, purgedBizSeqs);
        if (result.Total > 0)
        {
            Log.Purged(logger, result.Logins, result.Deliveries, result.ReplayEntries, result.Tokens, result.Authorizations, result.BizSeqs);
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unavailable: what expired waits for the next pass.
                Log.PurgeFailed(logger, exception);
                await Task.Delay(Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

}

/// <summary>What one purge pass erased.</summary>
public readonly record struct PurgeResult(int Logins, int Deliveries, int ReplayEntries, int Tokens, int Authorizations, int BizSeqs)
{
    public int Total => Logins + Deliveries + ReplayEntries + Tokens + Authorizations + BizSeqs;
}
