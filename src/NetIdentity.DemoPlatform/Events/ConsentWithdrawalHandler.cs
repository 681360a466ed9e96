using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// Acts on a verified consent withdrawal: deletes everything the forum kept for the subject
/// (PIPL Art. 15, 47) and records the event. Delivery is at least once (RFC 8935 §2), so an event
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

            var deleted = kept.Delete(withdrawal.Subject);
            received.Add(new ReceivedEvent(
                withdrawal.Jti, time.GetUtcNow(), withdrawal.IssuedAt, SecurityEventTypes.ConsentWithdrawn, withdrawal.Subject,
                withdrawal.Scopes, withdrawal.ConsentId, deleted));
            return (true, deleted);
        }
    }
}
