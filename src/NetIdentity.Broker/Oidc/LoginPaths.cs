namespace NetIdentity.Broker.Oidc;

/// <summary>The broker's own login pages: the one place their addresses are written.</summary>
public static class LoginPaths
{
    public static string Method(string id) => $"/login/{id}";

    public static string NetId(string id) => $"/login/{id}/netid";

    /// <summary>Where an app-link approval returns to this browser (authority-contract §3, v2; NetIdReturnEndpoints).</summary>
    public static string NetIdReturn(string id) => $"/login/{id}/netid/return";

    public static string OtherCode(string id) => $"/login/{id}/other/code";

    public static string OtherFace(string id) => $"/login/{id}/other/face";

    public static string Failed(string id) => $"/login/{id}/failed";

    public static string Consent(string id) => $"/login/{id}/consent";

    public static string IdentityConsent(string id) => $"/login/{id}/identity-consent";

    public static string Guardian(string id) => $"/login/{id}/guardian";

    public static string GuardianConsent(string id) => $"/login/{id}/guardian-consent";

    public static string GuardianComplete(string id, string guardianId) => $"/login/{id}/guardian/complete/{guardianId}";

    /// <summary>Where the login goes next, as <see cref="LoginDecider"/> says: a page, or back to the authorization endpoint.</summary>
    public static string For(LoginTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var id = transaction.Id;
        return LoginDecider.Next(transaction) switch
        {
            LoginStep.ChooseMethod => Method(id),
            LoginStep.AwaitApp => NetId(id),
            LoginStep.EnterCode => OtherCode(id),
            LoginStep.FaceCheck => OtherFace(id),
            LoginStep.FindGuardian => Guardian(id),
            LoginStep.GuardianConsent => GuardianConsent(id),
            LoginStep.Consent => Consent(id),
            LoginStep.IdentityConsent => IdentityConsent(id),
            LoginStep.Failed => Failed(id),

            // Release, IssueCode and Done are the authorization endpoint's to perform or refuse.
            _ => transaction.ReturnUrl,
        };
    }
}
