namespace NetIdentity.Core.Errors;

/// <summary>
/// A reason a login ended without a verified person. Each has a stable <see cref="Code"/>
/// documented in <c>docs/errors/{Code}.md</c>, the OAuth 2.0 error it ends the request with
/// (RFC 6749 §4.1.2.1), and words for the person in Chinese and English. No text here ever
/// contains personal data.
/// </summary>
public sealed record LoginError(
    string Code,
    string OAuthError,
    string Description,
    string MessageZh,
    string MessageEn,
    string AdviceZh,
    string AdviceEn)
{
    /// <summary>The <c>error_description</c> a platform receives: the code first, then the words.</summary>
    public string OAuthDescription => $"{Code}: {Description}";

    public override string ToString() => Code;
}
