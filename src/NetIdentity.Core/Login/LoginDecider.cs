using NetIdentity.Core.Consent;

namespace NetIdentity.Core.Login;

/// <summary>What a login needs next; each step has one page or one endpoint that performs it.</summary>
public enum LoginStep
{
    /// <summary>The person chooses the national app or the other way.</summary>
    ChooseMethod,

    /// <summary>The person answers in the national app.</summary>
    AwaitApp,

    /// <summary>The other way: the SMS code.</summary>
    EnterCode,

    /// <summary>The other way: the face step the level needs.</summary>
    FaceCheck,

    /// <summary>A child under 14: a guardian must verify (PIPL Art. 31).</summary>
    FindGuardian,

    /// <summary>A child under 14: the confirmed guardian decides.</summary>
    GuardianConsent,

    /// <summary>Consent to the age band and masked identity (PIPL Art. 14).</summary>
    Consent,

    /// <summary>Separate consent to plaintext identity (PIPL Art. 29), on its own screen.</summary>
    IdentityConsent,

    /// <summary>Everything is decided: fetch what the consents allow.</summary>
    Release,

    /// <summary>Issue the authorization code, once.</summary>
    IssueCode,

    /// <summary>The login failed; the platform receives its error.</summary>
    Failed,

    /// <summary>The code was issued; nothing more happens in this login.</summary>
    Done,
}

/// <summary>
/// The one place that says what comes next in a login (STYLE 3b; Duende's
/// <c>AuthorizeInteractionResponseGenerator</c> orders login, consent and response the same way).
/// Pure: it reads the login as it stands and decides nothing else. The authorization endpoint, the
/// login pages and the status poll all ask it; a page whose step it is not sends the person on.
/// Standing grants from the ledger are folded into the login before it is asked.
/// </summary>
public static class LoginDecider
{
    /// <summary>The items asked for on the ordinary consent screen.</summary>
    public static readonly IReadOnlyList<ConsentItem> OrdinaryItems = [ConsentItem.AgeBand, ConsentItem.AgeOver14, ConsentItem.AgeOver18, ConsentItem.MaskedIdentity];

    public static LoginStep Next(LoginTransaction login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return login.State switch
        {
            LoginState.Choosing => LoginStep.ChooseMethod,
            LoginState.AwaitingApp => LoginStep.AwaitApp,
            LoginState.AwaitingCode => LoginStep.EnterCode,
            LoginState.AwaitingFace => LoginStep.FaceCheck,
            LoginState.Verified => AfterVerification(login),
            LoginState.Completed => LoginStep.Done,

            // Failed, and any state this version does not know: fail closed.
            _ => LoginStep.Failed,
        };
    }

    /// <summary>The ordinary items this login still needs decided.</summary>
    public static IReadOnlyList<ConsentItem> UndecidedOrdinary(LoginTransaction login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return [.. OrdinaryItems.Where(i => login.RequestedItems.Contains(i) && !login.DecidedItems.Contains(i))];
    }

    /// <summary>Whether plaintext identity still waits for its separate consent.</summary>
    public static bool NeedsSeparateConsent(LoginTransaction login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return login.RequestedItems.Contains(ConsentItem.Identity) && !login.DecidedItems.Contains(ConsentItem.Identity);
    }

    private static LoginStep AfterVerification(LoginTransaction login)
    {
        if (login.NeedsGuardian)
        {
            // Nothing leaves before a confirmed guardian consents (PIPL Art. 31).
            return login.GuardianPersonKey is null ? LoginStep.FindGuardian : LoginStep.GuardianConsent;
        }

        if (login.ConsentComplete)
        {
            return LoginStep.IssueCode;
        }

        // Ordinary consent first, plaintext on its own screen after it (PIPL Art. 14, 29).
        return UndecidedOrdinary(login).Count > 0 ? LoginStep.Consent
            : NeedsSeparateConsent(login) ? LoginStep.IdentityConsent
            : LoginStep.Release;
    }
}
