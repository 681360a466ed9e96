using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// Acts on a verified consent withdrawal (verified and deduplicated by <c>jti</c> in
/// NetIdentity.Client's <c>MapNetIdentityEvents</c>): deletes what the forum kept for the subject
/// under the withdrawn scopes, and only that (docs/events.md; PIPL Art. 15, 47) — <c>netid.age</c>
/// the age band, the minor flag and a child's guardian claims, <c>netid.masked</c> the masked name
/// and number, <c>netid.identity</c> the plaintext identity (<see cref="ConsentScopes"/>) — and
/// records the event. What other consents still cover stays: withdrawing the separate consent
/// leaves the age band. The consent receipts stay too: they record decisions, not data about the
/// person, and <c>/me</c> marks the withdrawn one.
/// </summary>
internal sealed class ConsentWithdrawalHandler(KeptDataStore kept, ReceivedEventStore received, TimeProvider time)
{
    /// <summary>Handles <paramref name="withdrawal"/>; the names of the claims it deleted.</summary>
    public IReadOnlyList<string> Handle(NetIdentityConsentWithdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        var deleted = kept.Delete(withdrawal.Subject, ConsentScopes.ClaimsOf(withdrawal.Scopes));
        received.Add(new ReceivedEvent(
            withdrawal.Jti, time.GetUtcNow(), withdrawal.IssuedAt, NetIdentitySecurityEvents.ConsentWithdrawn, withdrawal.Subject,
            withdrawal.Scopes, withdrawal.ConsentId, deleted, withdrawal.OnStream));
        return deleted;
    }
}
