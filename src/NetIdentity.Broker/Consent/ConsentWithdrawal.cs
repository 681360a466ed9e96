using NetIdentity.Broker.Events;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using OpenIddict.Abstractions;

namespace NetIdentity.Broker.Consent;

/// <summary>
/// Withdrawal, as easy as giving (PIPL Art. 15): one ledger entry, the platform's grants and tokens
/// for the withdrawn scopes revoked at once, any identity still waiting erased, and a signed
/// back-channel event queued so the platform deletes what it kept (PIPL Art. 47).
/// </summary>
public sealed partial class ConsentWithdrawal(
    IConsentLedger ledger,
    IIdentityDeliveries deliveries,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    IBackChannelNotifier notifier,
    Sessions.PlatformLogout logout,
    PlatformCatalog platforms,
    TimeProvider time,
    ILogger<ConsentWithdrawal> logger)
{
    /// <summary>
    /// Withdraws the grant <paramref name="grantId"/> given by (or, as guardian, for) the person
    /// <paramref name="personKey"/>. <c>false</c> when there is no such grant in force.
    /// </summary>
    public Task<bool> WithdrawAsync(string personKey, string grantId, Uri issuer, CancellationToken cancellationToken) =>
        WithdrawGrantAsync(personKey, grantId, issuer, announceRevocation: true, cancellationToken);

    /// <param name="personKey">The person, or the guardian.</param>
    /// <param name="grantId">The grant.</param>
    /// <param name="issuer">The broker's issuer.</param>
    /// <param name="announceRevocation">
    /// Queue a CAEP <c>session-revoked</c> event when tokens were revoked; false when the caller
    /// revokes everything afterwards and announces it once (<see cref="WithdrawEverythingAsync"/>).
    /// </param>
    /// <param name="cancellationToken">Cancels the withdrawal.</param>
    private async Task<bool> WithdrawGrantAsync(string personKey, string grantId, Uri issuer, bool announceRevocation, CancellationToken cancellationToken)
    {
        var history = await ledger.ForPersonAsync(personKey, cancellationToken);
        var grant = history.FirstOrDefault(r => r.Id == grantId && r.Decision == ConsentDecision.Granted);
        if (grant is null || !ConsentState.IsInForce(history, grant))
        {
            return false;
        }

        // The event is queued first: if anything after it fails, the person withdraws again and the
        // platform at worst hears twice (receivers deduplicate by jti); queued last, a
        // failure could leave a withdrawal the platform never hears of.
        var scopes = grant.Items.Select(ConsentScopes.Of).ToList();
        if (platforms.Find(grant.ClientId) is { } platform)
        {
            await notifier.NotifyConsentWithdrawnAsync(platform, issuer, grant.Subject, scopes, grant.Id, cancellationToken);
        }

        await ledger.AppendAsync(
            new ConsentRecord
            {
                Id = Authority.Identifiers.NewRequestId(),
                Time = time.GetUtcNow(),
                PersonKey = grant.PersonKey,
                Subject = grant.Subject,
                ClientId = grant.ClientId,
                Items = grant.Items,
                PurposeVersion = grant.PurposeVersion,
                GuardianKey = grant.GuardianKey is null ? null : personKey,
                Decision = ConsentDecision.Withdrawn,
                Withdraws = grant.Id,
            },
            cancellationToken);

        // A guardian's approval is what the child's use of the platform rests on (PIPL Art. 31):
        // withdrawn, every grant of the child's at that platform goes, whatever its scopes.
        var everything = grant.Items.Contains(ConsentItem.GuardianApproval);
        var revoked = await RevokeAsync(grant.ClientId, grant.Subject, everything ? null : scopes, cancellationToken);
        await deliveries.EraseAsync(grant.ClientId, grant.Subject, cancellationToken);

        // Nothing the child's use rests on is left: the platform signs the child out too (issue 12 §2),
        // which also announces the revocation on an SSF stream.
        if (everything && platforms.Find(grant.ClientId) is { } approved)
        {
            await logout.SignOutAsync(approved, grant.Subject, grant.PersonKey, issuer, cancellationToken);
        }
        else if (announceRevocation && revoked > 0 && platforms.Find(grant.ClientId) is { } revokedAt)
        {
            // The tokens under the withdrawn scopes are revoked: CAEP session-revoked (issue 12 §1).
            await notifier.NotifySessionRevokedAsync(revokedAt, issuer, grant.Subject, cancellationToken);
        }

        Log.ConsentWithdrawn(logger, grant.ClientId, string.Join(' ', scopes), revoked);
        return true;
    }

    /// <summary>
    /// "Withdraw everything" from one platform (issue 12 §2): every grant in force there given by
    /// (or, as guardian, for) <paramref name="personKey"/> is withdrawn as <see cref="WithdrawAsync"/>
    /// does, then every remaining authorization and token of the subject at the platform is revoked
    /// — including those of logins that needed no consent — and the platform is sent a logout
    /// token for each of the subject's logins there (back-channel logout). <c>false</c> when nothing
    /// was in force at the platform.
    /// </summary>
    public async Task<bool> WithdrawEverythingAsync(string personKey, string clientId, Uri issuer, CancellationToken cancellationToken)
    {
        var history = await ledger.ForPersonAsync(personKey, cancellationToken);
        var inForce = history
            .Where(r => r.ClientId == clientId && r.Decision == ConsentDecision.Granted && ConsentState.IsInForce(history, r))
            .ToList();
        if (inForce.Count == 0)
        {
            return false;
        }

        foreach (var grant in inForce)
        {
            await WithdrawGrantAsync(personKey, grant.Id, issuer, announceRevocation: false, cancellationToken);
        }

        foreach (var (subject, subjectKey) in inForce.Select(g => (g.Subject, g.PersonKey)).Distinct())
        {
            await RevokeAsync(clientId, subject, scopes: null, cancellationToken);
            if (platforms.Find(clientId) is { } platform)
            {
                await logout.SignOutAsync(platform, subject, subjectKey, issuer, cancellationToken);
            }
        }

        return true;
    }

    /// <summary>Revokes the subject's grants at the platform that hold any of <paramref name="scopes"/>; all of them when null.</summary>
    private async Task<int> RevokeAsync(string clientId, string subject, IReadOnlyList<string>? scopes, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return 0;
        }

        var applicationId = await applications.GetIdAsync(application, cancellationToken);

        // Read every authorization first, then revoke: writing while the store's reader is still
        // open keeps an old snapshot alive, and on SQLite a concurrent write (the outbox
        // dispatcher) then locks the revocation out.
        var found = new List<object>();
        await foreach (var authorization in authorizations.FindAsync(subject, applicationId, status: null, type: null, scopes: null, cancellationToken))
        {
            found.Add(authorization);
        }

        var count = 0;
        foreach (var authorization in found)
        {
            var granted = await authorizations.GetScopesAsync(authorization, cancellationToken);
            if (scopes is not null && !granted.Intersect(scopes, StringComparer.Ordinal).Any())
            {
                continue;
            }

            var id = await authorizations.GetIdAsync(authorization, cancellationToken);
            await authorizations.TryRevokeAsync(authorization, cancellationToken);
            if (id is not null)
            {
                await tokens.RevokeByAuthorizationIdAsync(id, cancellationToken);
            }

            count++;
        }

        return count;
    }
}
