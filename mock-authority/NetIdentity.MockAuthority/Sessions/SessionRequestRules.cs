namespace NetIdentity.MockAuthority.Sessions;

/// <summary>The v2 fields of <c>POST /v1/sessions</c> (contract §3): what a well-formed value is.</summary>
internal static class SessionRequestRules
{
    private const int MaxPlatformName = 64;
    private const int MaxReturnUri = 512;

    /// <summary>1–64 characters, no control characters: the app shows it as it is.</summary>
    public static bool IsPlatformName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxPlatformName && !name.Any(char.IsControl);

    /// <summary>2–6 ASCII digits: short enough to compare at a glance (number matching).</summary>
    public static bool IsMatchCode(string? code) =>
        code is { Length: >= 2 and <= 6 } && code.All(char.IsAsciiDigit);

    /// <summary>An absolute http(s) URI without a fragment, or <c>null</c> when it is not one.</summary>
    public static Uri? ReturnUri(string text) =>
        text.Length <= MaxReturnUri
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;
}
