namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// A piece of personal data a platform may or may not receive, and the claims that would carry it.
/// </summary>
/// <param name="Key">Its stable name (the page's <c>data-</c> hooks).</param>
/// <param name="Zh">What it is, in Chinese.</param>
/// <param name="En">What it is, in English.</param>
/// <param name="Scope">The consent scope that releases it (docs/claims.md), or null when nothing ever does.</param>
/// <param name="ConsentClaims">The claims that carry it under <paramref name="Scope"/>.</param>
/// <param name="NeverClaims">Claims that would carry it but that NetIdentity never releases (OIDC Core §5.1 and the like).</param>
internal sealed record NotReceivedItem(
    string Key, string Zh, string En, string? Scope, IReadOnlyList<string> ConsentClaims, IReadOnlyList<string> NeverClaims);

/// <summary>How an item fared in this login.</summary>
internal enum ReceiptState
{
    /// <summary>Not received: the usual case (minimal provision).</summary>
    NotReceived,

    /// <summary>Received under the person's consent to the scope that releases it.</summary>
    Consented,

    /// <summary>Plaintext identity received under the person's separate consent (单独同意, PIPL Art. 29), with its receipt.</summary>
    SeparatelyConsented,

    /// <summary>Received although nothing should have released it: a fault to report.</summary>
    Unexpected,
}

/// <summary>One item and how it fared.</summary>
/// <param name="Item">The item.</param>
/// <param name="State">How it fared in this login.</param>
/// <param name="Deleted">Received under a consent, and deleted since (the consent was withdrawn).</param>
internal sealed record NotReceivedStatus(NotReceivedItem Item, ReceiptState State, bool Deleted = false)
{
    public bool Received => State != ReceiptState.NotReceived;
}

/// <summary>
/// What a platform does not receive unless the person agrees, and what it never receives
/// (minimal provision: PIPL Art. 6; the Measures' result-only release; docs/claims.md, "Not
/// released, ever, under <c>openid netid</c>"), judged against what this login actually brought.
/// </summary>
internal static class NotReceived
{
    public static readonly IReadOnlyList<NotReceivedItem> Items =
    [
        new("name", "姓名", "Name", ConsentScopes.Identity, ["netid_name"], ["name", "given_name", "family_name", "middle_name", "nickname", "preferred_username"]),
        new("id_type", "证件类型", "ID type", ConsentScopes.Identity, ["netid_id_type"], ["id_type"]),
        new("id_number", "身份证件号码", "ID number", ConsentScopes.Identity, ["netid_id_number"], ["id_number"]),
        new("birthdate", "出生日期", "Birth date", null, [], ["birthdate", "netid_birthdate"]),
        new("phone", "手机号码", "Phone number", null, [], ["phone_number", "phone_number_verified"]),
        new("gender", "性别", "Gender", null, [], ["gender", "netid_gender"]),
        new("netid_number", "网号本身（以及网络身份应用标识）", "The 网号 (network number) itself, and the app-scoped identifier", null, [], ["netid_number", "app_scoped_id"]),
        new("age_band", "年龄段", "Age band", ConsentScopes.Age, ["netid_age_band"], []),
        new("masked_name", "脱敏姓名", "Masked name", ConsentScopes.Masked, ["netid_masked_name"], []),
        new("masked_id_number", "脱敏证件号码", "Masked ID number", ConsentScopes.Masked, ["netid_masked_id_number"], []),
    ];

    /// <summary>
    /// How each item fared in the login <paramref name="received"/> describes. Plaintext identity
    /// counts as separately consented only with a granted receipt for <c>netid.identity</c> in the
    /// same login; without one, or under a claim NetIdentity never releases, it is unexpected.
    /// </summary>
    public static IReadOnlyList<NotReceivedStatus> Evaluate(ReceivedClaims received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var granted = received.Receipts
            .Where(r => r.Readable && string.Equals(r.Decision, "granted", StringComparison.Ordinal))
            .SelectMany(r => r.Items)
            .ToHashSet(StringComparer.Ordinal);

        return [.. Items.Select(item =>
        {
            if (item.NeverClaims.Any(received.Contains))
            {
                return new NotReceivedStatus(item, ReceiptState.Unexpected);
            }

            if (!item.ConsentClaims.Any(received.Contains))
            {
                return new NotReceivedStatus(item, ReceiptState.NotReceived);
            }

            var deleted = item.ConsentClaims.Where(received.Contains).All(received.NoLongerKept);
            return item.Scope == ConsentScopes.Identity
                ? new NotReceivedStatus(item, granted.Contains(ConsentScopes.Identity) ? ReceiptState.SeparatelyConsented : ReceiptState.Unexpected, deleted)
                : new NotReceivedStatus(item, ReceiptState.Consented, deleted);
        })];
    }
}
