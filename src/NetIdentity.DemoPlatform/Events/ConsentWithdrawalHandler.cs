using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// Acts on a verified consent withdrawal: deletes what the forum kept for the subject under the
/// withdrawn scopes, and only that (docs/events.md; PIPL Art. 15, 47) — <c>netid.age</c> the age
/// band, the minor flag and a child's guardian claims, <c>netid.masked</c> the masked name and
/// number, <c>netid.identity</c> the plaintext identity (<see cref="ConsentScopes"/>) — and records
/// the event. What other consents still cover stays: withdrawing the separate consent leaves the
/// age band. The consent receipts stay too: they record decisions, not data about the person, and
/// <c>/me</c> marks the withdrawn one. Delivery is at least once (RFC 8935 §2), so an event
/// whose <c>jti</c> was already handled is acknowledged again and not acted on twice: a replay
/// must not delete what the person consented to keep after the withdrawal.
/// </summary>
internal sealed class ConsentWithdrawalHandler(KeptDataStore kept, ReceivedEventStore received, TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>Handles <paramref name="withdrawal"/>; false when its <c>jti</c> was handled before.</summary>
    public (bool Handled, IReadOnlyList<string> Deleted) Handle(ConsentWithdrawal withdrawal)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);

        // Check, delete and record as one step, so two copies arriving together act once.
        lock (_gate)
        {
            if (received.Contains(withdrawal.Jti))
            {
                return (false, []);
            }

            var deleted = kept.Delete(withdrawal.Subject, ConsentScopes.ClaimsOf(withdrawal.Scopes));
            received.Add(new ReceivedEvent(
                withdrawal.Jti, time.GetUtcNow(), withdrawal.IssuedAt, SecurityEventTypes.ConsentWithdrawn, withdrawal.Subject,
                withdrawal.Scopes, withdrawal.ConsentId, deleted));
            return (true, deleted);
        }
    }
}
