namespace NetIdentity.MockAuthority.Sessions;

/// <summary>How the app was reached (contract §3): a scanned QR code, or the app link on the same phone.</summary>
internal enum ApprovalChannel
{
    Qr = 1,
    AppLink = 2,
}

/// <summary>
/// What the person does in the app to approve: who they are, the 口令 and face step when the mode
/// needs them, the matching code they pick (number matching), and their answer to a plaintext
/// release (单独同意, the Measures). Shared by the simulated app page and the tester API.
/// </summary>
/// <param name="PersonaId">A persona id with the <c>netid</c> path.</param>
/// <param name="Password">Overrides the persona's usual password behaviour (R02/R04).</param>
/// <param name="Face"><c>match</c> or <c>mismatch</c>: overrides the persona's usual face behaviour (R03/R04).</param>
/// <param name="MatchCode">The code the person picked; must equal the one the caller shows in the browser.</param>
/// <param name="ConfirmIdentity">The answer to "release my name and ID number to this platform?", when asked.</param>
/// <param name="Channel">How the app was reached.</param>
internal sealed record Approval(
    string? PersonaId,
    string? Password,
    string? Face,
    string? MatchCode,
    bool ConfirmIdentity = true,
    ApprovalChannel Channel = ApprovalChannel.Qr)
{
    /// <summary>Wrong matching codes allowed before the session fails with C0401041 (contract §5).</summary>
    public const int MaxMatchTries = 3;

    public static bool TryParseChannel(string? text, out ApprovalChannel channel)
    {
        channel = text switch
        {
            null or "" or "qr" => ApprovalChannel.Qr,
            "applink" => ApprovalChannel.AppLink,
            _ => default,
        };
        return channel != default;
    }

    public static string WireName(ApprovalChannel channel) => channel == ApprovalChannel.AppLink ? "applink" : "qr";
}
