namespace NetIdentity.Core.Consent;

/// <summary>What a consent is about: one consent-bearing scope of the claims contract.</summary>
public enum ConsentItem
{
    /// <summary><c>netid.age</c>: the age band, the minor flag, the guardian consent marker.</summary>
    AgeBand = 1,

    /// <summary><c>netid.masked</c>: the masked name and masked ID number.</summary>
    MaskedIdentity = 2,

    /// <summary><c>netid.identity</c>: name, ID type and number, under separate consent (PIPL Art. 29).</summary>
    Identity = 3,

    /// <summary>A guardian's consent that a child under 14 uses the platform at all (PIPL Art. 31). Not a scope.</summary>
    GuardianApproval = 4,

    /// <summary><c>netid.age_over_14</c>: whether the person is 14 or older (<c>age_over_14</c>). Never a birth date.</summary>
    AgeOver14 = 5,

    /// <summary><c>netid.age_over_18</c>: whether the person is 18 or older (<c>age_over_18</c>). Never a birth date.</summary>
    AgeOver18 = 6,
}

/// <summary>What the person (or guardian) decided.</summary>
public enum ConsentDecision
{
    Granted = 1,
    Refused = 2,
    Withdrawn = 3,
}

/// <summary>The scope names of the consent-bearing items (docs/claims.md).</summary>
public static class ConsentScopes
{
    public const string Age = "netid.age";
    public const string Masked = "netid.masked";
    public const string Identity = "netid.identity";

    /// <summary>The <c>age_over_14</c> boolean alone (docs/claims.md, v4).</summary>
    public const string AgeOver14 = "netid.age_over_14";

    /// <summary>The <c>age_over_18</c> boolean alone (docs/claims.md, v4).</summary>
    public const string AgeOver18 = "netid.age_over_18";

    /// <summary>How a guardian's approval of a child's use is named in receipts and the ledger (not requestable).</summary>
    public const string GuardianApproval = "guardian_approval";

    public static string Of(ConsentItem item) => item switch
    {
        ConsentItem.AgeBand => Age,
        ConsentItem.MaskedIdentity => Masked,
        ConsentItem.Identity => Identity,
        ConsentItem.GuardianApproval => GuardianApproval,
        ConsentItem.AgeOver14 => AgeOver14,
        ConsentItem.AgeOver18 => AgeOver18,
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    public static ConsentItem? ItemOf(string scope) => scope switch
    {
        Age => ConsentItem.AgeBand,
        Masked => ConsentItem.MaskedIdentity,
        Identity => ConsentItem.Identity,
        AgeOver14 => ConsentItem.AgeOver14,
        AgeOver18 => ConsentItem.AgeOver18,
        _ => null,
    };
}
