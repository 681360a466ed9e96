using System.Text.Json;
using NetIdentity.Authority;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Errors;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.Consent;

/// <summary>What a login still needs the person to decide.</summary>
public sealed record ConsentNeeds(IReadOnlyList<ConsentItem> Ordinary, bool Separate)
{
    public bool None => Ordinary.Count == 0 && !Separate;
}

/// <summary>
/// Consent after verification (PRODUCT.md, "Separate consent and plaintext release"): which items
/// a login still needs decided, recording each decision in the ledger with a receipt, and
/// fetching from the authority only what was granted, only after it was granted.
/// </summary>
public sealed partial class ConsentFlow(
    IConsentLedger ledger,
    IIdentityDeliveries deliveries,
    INationalAuthority authority,
    AuthorityKeys authorityKeys,
    ConsentReceipts receipts,
    TimeProvider time,
    ILogger<ConsentFlow> logger)
{
    /// <summary>
    /// Folds standing grants (same platform, items and purpose version: PIPL Art. 14) into the
    /// login. Returns the same instance when there are none. Plaintext identity is asked for
    /// every time, and a guardian decides for a child every time.
    /// </summary>
    public async Task<LoginTransaction> FoldStandingGrantsAsync(LoginTransaction transaction, PlatformOptions platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        var undecided = LoginDecider.UndecidedOrdinary(transaction);
        if (transaction.StandingGrantsChecked || undecided.Count == 0 || transaction.PersonKey is null || transaction.NeedsGuardian)
        {
            return transaction;
        }

        // Read once per login: the pages and the endpoint that ask again find the flag.
        var history = await ledger.ForPlatformAsync(transaction.PersonKey, platform.ClientId, cancellationToken);
        foreach (var item in undecided)
        {
            if (ConsentState.StandingGrant(history, item, platform.PurposeVersion) is { } grant)
            {
                transaction = Decided(transaction, [item], [item], grant.Id, grant.Receipt);
            }
        }

        return transaction with { StandingGrantsChecked = true };
    }

    /// <summary>Folds standing grants, and says what is left to ask.</summary>
    public async Task<(LoginTransaction Transaction, ConsentNeeds Needs)> NeedsAsync(LoginTransaction transaction, PlatformOptions platform, CancellationToken cancellationToken)
    {
        transaction = await FoldStandingGrantsAsync(transaction, platform, cancellationToken);
        return (transaction, new ConsentNeeds(LoginDecider.UndecidedOrdinary(transaction), LoginDecider.NeedsSeparateConsent(transaction)));
    }

    /// <summary>Records one decision screen: <paramref name="granted"/> of <paramref name="shown"/>.</summary>
    public async Task<LoginTransaction> DecideAsync(
        LoginTransaction transaction, PlatformOptions platform, IReadOnlyList<ConsentItem> shown, IReadOnlySet<ConsentItem> granted, Uri issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(granted);
        if (transaction.PersonKey is null || transaction.Subject is null)
        {
            throw new InvalidOperationException("Consent is asked only of a verified person.");
        }

        string? grantId = null;
        string? receipt = null;
        var grantedItems = shown.Where(granted.Contains).ToList();
        var refusedItems = shown.Where(i => !granted.Contains(i)).ToList();
        if (grantedItems.Count > 0)
        {
            var record = NewRecord(transaction, platform, grantedItems, ConsentDecision.Granted);
            record = record with { Receipt = receipts.Issue(record, platform, issuer) };
            await ledger.AppendAsync(record, cancellationToken);
            grantId = record.Id;
            receipt = record.Receipt;
        }

        if (refusedItems.Count > 0)
        {
            await ledger.AppendAsync(NewRecord(transaction, platform, refusedItems, ConsentDecision.Refused), cancellationToken);
        }

        Log.ConsentDecided(logger, platform.ClientId, grantedItems.Count, refusedItems.Count);
        return Decided(transaction, shown, grantedItems, grantId, receipt);
    }

    /// <summary>
    /// A guardian's decision for a child under 14 (PIPL Art. 31): approval of the child's use of
    /// the platform and of the items in <paramref name="granted"/>, or refusal of all.
    /// </summary>
    public async Task<LoginTransaction> DecideAsGuardianAsync(
        LoginTransaction child, PlatformOptions platform, IReadOnlyList<ConsentItem> shown, IReadOnlySet<ConsentItem>? granted, Uri issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(shown);
        if (child.GuardianPersonKey is null)
        {
            throw new InvalidOperationException("Only a confirmed guardian decides for a child.");
        }

        if (granted is null)
        {
            await ledger.AppendAsync(NewRecord(child, platform, [ConsentItem.GuardianApproval, .. shown], ConsentDecision.Refused), cancellationToken);
            Log.ConsentDecided(logger, platform.ClientId, 0, shown.Count + 1);
            return child;
        }

        var record = NewRecord(child, platform, [ConsentItem.GuardianApproval, .. shown.Where(granted.Contains)], ConsentDecision.Granted);
        record = record with { Receipt = receipts.Issue(record, platform, issuer) };
        await ledger.AppendAsync(record, cancellationToken);
        var refused = shown.Where(i => !granted.Contains(i)).ToList();
        if (refused.Count > 0)
        {
            await ledger.AppendAsync(NewRecord(child, platform, refused, ConsentDecision.Refused), cancellationToken);
        }

        Log.ConsentDecided(logger, platform.ClientId, record.Items.Count, refused.Count);
        return Decided(child, shown, shown.Where(granted.Contains), record.Id, record.Receipt) with { GuardianConsentedAt = record.Time };
    }

    /// <summary>
    /// Once everything is decided: fetches plaintext from the authority only if masked or full
    /// identity was granted, masks what is to be masked, and keeps full identity sealed for its
    /// one delivery. Returns the error to end the login with when the authority cannot deliver.
    /// </summary>
    public async Task<(LoginTransaction Transaction, LoginError? Error)> ReleaseAsync(LoginTransaction transaction, PlatformOptions platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(platform);
        var masked = transaction.GrantedItems.Contains(ConsentItem.MaskedIdentity);
        var identity = transaction.GrantedItems.Contains(ConsentItem.Identity);
        if (!masked && !identity)
        {
            return (transaction with { ConsentComplete = true, SealedIdentity = null }, null);
        }

        byte[] envelope;
        if (transaction.Path == Login.OtherPathFlow.PathName)
        {
            // The other way: the person's own matched submission, sealed to the broker at the time.
            envelope = transaction.SealedIdentity is { } sealedByBroker
                ? System.Buffers.Text.Base64Url.DecodeFromChars(sealedByBroker)
                : throw new InvalidOperationException("A login the other way asked for identity but kept none sealed.");
        }
        else
        {
            try
            {
                var consentId = transaction.ConsentIds.Count > 0 ? transaction.ConsentIds[^1] : throw new InvalidOperationException("A grant has no ledger id.");
                var fromAuthority = await authority.QueryIdentityAsync(
                    new IdentityRequest(transaction.BizSeq!, consentId, identity ? ["name", "idType", "idNumber"] : ["name", "idNumber"]), cancellationToken);
                // The answer must be about the person this login verified (authority-contract §8,
                // point 6): another person's plaintext must never reach the platform.
                if (transaction.AppScopedId is null || !string.Equals(fromAuthority.AppScopedId, transaction.AppScopedId, StringComparison.Ordinal))
                {
                    Log.IdentityForAnotherPerson(logger, platform.ClientId, transaction.BizSeq!);
                    return (transaction, LoginErrors.IdentityForAnotherPerson);
                }

                envelope = fromAuthority.Envelope.ToArray();
            }
            catch (AuthorityException e)
            {
                Log.IdentityUnavailable(logger, platform.ClientId, e.Failure.ToString(), e.Code ?? "-");
                return (transaction, e switch
                {
                    // The person said no to the release in the app (the Measures: 经用户单独同意).
                    { Failure: AuthorityFailure.Rejected, Code: "A0403003" } => LoginErrors.IdentityNotConfirmedInApp,
                    { Failure: AuthorityFailure.Timeout } => LoginErrors.AuthorityTimeout,
                    _ => LoginErrors.AuthorityUnavailable,
                });
            }
        }

        if (masked)
        {
            var plaintext = OpenIdentity(envelope, transaction.BizSeq!);
            transaction = transaction with { MaskedName = Masking.Name(plaintext.Name), MaskedIdNumber = Masking.IdNumber(plaintext.IdNumber) };
        }

        if (identity)
        {
            var now = time.GetUtcNow();
            var delivery = new IdentityDelivery
            {
                Id = Authority.Identifiers.NewRequestId(),
                ClientId = platform.ClientId,
                Subject = transaction.Subject!,
                BizSeq = transaction.BizSeq!,
                Envelope = envelope,
                CreatedAt = now,
                ExpiresAt = now + IIdentityDeliveries.Lifetime,
            };
            await deliveries.StoreAsync(delivery, cancellationToken);
            transaction = transaction with { DeliveryId = delivery.Id };
        }

        return (transaction with { ConsentComplete = true, SealedIdentity = null }, null);
    }

    /// <summary>Opens a sealed identity at the moment of delivery; the caller clears nothing it did not get.</summary>
    public PlaintextIdentity OpenIdentity(byte[] envelope, string bizSeq)
    {
        var json = Sm2Envelope.Open(authorityKeys.OrganisationKey, envelope, System.Text.Encoding.ASCII.GetBytes(bizSeq));
        try
        {
            return JsonSerializer.Deserialize(json, ConsentJson.Default.PlaintextIdentity)
                ?? throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }
        finally
        {
            Array.Clear(json);
        }
    }

    private ConsentRecord NewRecord(LoginTransaction transaction, PlatformOptions platform, IReadOnlyList<ConsentItem> items, ConsentDecision decision) => new()
    {
        Id = Authority.Identifiers.NewRequestId(),
        Time = time.GetUtcNow(),
        PersonKey = transaction.PersonKey!,
        Subject = transaction.Subject!,
        ClientId = platform.ClientId,
        Items = items,
        PurposeVersion = platform.PurposeVersion,
        LegalBasis = items.Contains(ConsentItem.Identity) ? platform.LegalBasis?.Zh : null,
        Retention = items.Contains(ConsentItem.Identity) ? platform.Retention?.Zh : null,
        GuardianKey = transaction.GuardianPersonKey,
        Decision = decision,
    };

    private static LoginTransaction Decided(LoginTransaction transaction, IEnumerable<ConsentItem> shown, IEnumerable<ConsentItem> granted, string? grantId, string? receipt) => transaction with
    {
        DecidedItems = [.. transaction.DecidedItems.Union(shown)],
        GrantedItems = [.. transaction.GrantedItems.Union(granted)],
        ConsentIds = grantId is null || transaction.ConsentIds.Contains(grantId) ? transaction.ConsentIds : [.. transaction.ConsentIds, grantId],
        Receipts = receipt is null || transaction.Receipts.Contains(receipt) ? transaction.Receipts : [.. transaction.Receipts, receipt],
    };

}

/// <summary>Plaintext identity, in memory only, between opening and sending. Never logged.</summary>
public sealed record PlaintextIdentity(string Name, string? IdType, string IdNumber)
{
    public override string ToString() => "PlaintextIdentity";
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(PlaintextIdentity))]
internal sealed partial class ConsentJson : System.Text.Json.Serialization.JsonSerializerContext;
