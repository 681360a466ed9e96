namespace NetIdentity.DemoPlatform.Claims;

/// <summary>A claim explained in plain words, Chinese first.</summary>
internal sealed record Explanation(string Zh, string En);

/// <summary>
/// What each claim the forum may receive means (docs/claims.md, OIDC Core §2 and §5.1), for
/// people, not engineers.
/// </summary>
internal static class ClaimExplanations
{
    /// <summary>Claims whose value is a time in seconds since the epoch.</summary>
    public static readonly IReadOnlySet<string> Times = new HashSet<string>(StringComparer.Ordinal)
    {
        "exp", "iat", "nbf", "auth_time", "netid_verified_at",
    };

    private static readonly Dictionary<string, Explanation> Known = new(StringComparer.Ordinal)
    {
        ["sub"] = new(
            "仅在本论坛中代表您的标识（成对标识）：在本论坛里始终不变，其他平台收到的则是完全不同的值，因此无法用它把您在不同平台的账号关联起来。它不是您的网号，也无法从中还原出您的身份。",
            "An identifier that is yours for this forum only (pairwise): it stays the same here, and every other platform receives an entirely different one, so nobody can link your accounts across platforms with it. It is not your 网号 and reveals nothing about who you are."),
        ["netid_result"] = new(
            "实名核验结果：pass 表示核验通过。只有核验通过的人才会得到令牌，核验失败会以错误返回。",
            "Verification result: pass means you were verified. Only a verified person ever gets a token; a failure comes back as an error instead."),
        ["netid_verified_at"] = new(
            "核验时间：完成实名核验的时刻。",
            "Verification time: when the real-name verification happened."),
        ["acr"] = new(
            "认证保障等级：有多确定是您本人。等级1：一项持有因素（网证）；等级2：再加口令；等级3：再加人脸核验。它只说明“多确定”，不说明用了哪种方式。",
            "Assurance level: how sure NetIdentity is that it was you. Level 1: something you hold (the credential); level 2: plus a password; level 3: plus a face check. It says how sure, not which method."),
        ["auth_time"] = new(
            "认证时间：您在国家网络身份认证App（或以其他方式）完成确认的时刻。",
            "Authentication time: when you confirmed in the national network identity app (or the other way)."),
        ["amr"] = new(
            "认证方式：只有经运营方批准的平台才会收到。",
            "Authentication methods: released only to platforms the operator approved."),
        ["iss"] = new(
            "签发者：为本论坛完成登录的网络身份认证服务（NetIdentity）的地址。",
            "Issuer: the address of the NetIdentity service that logged you in for this forum."),
        ["aud"] = new(
            "受众：这份令牌只发给本论坛（客户端标识），其他网站不能使用。",
            "Audience: this token was issued to this forum only (its client id); no other site may use it."),
        ["azp"] = new("授权方：令牌签发给的客户端。", "Authorized party: the client the token was issued to."),
        ["exp"] = new("过期时间：此后这份身份令牌不再有效。", "Expiry: after this time the ID token is no longer valid."),
        ["iat"] = new("签发时间：这份身份令牌生成的时刻。", "Issued at: when the ID token was made."),
        ["nbf"] = new("生效时间：在此之前令牌无效。", "Not before: the token is not valid before this time."),
        ["nonce"] = new(
            "一次性随机数：本论坛发起登录时生成，用来确认令牌回答的正是这一次登录（防止重放）。",
            "A one-time random value this forum made when the login started; it proves the token answers this very login (against replay)."),
        ["at_hash"] = new(
            "访问令牌摘要：把身份令牌与同时签发的访问令牌绑定在一起。",
            "Access token hash: binds the ID token to the access token issued with it."),
        ["c_hash"] = new("授权码摘要：把身份令牌与授权码绑定在一起。", "Code hash: binds the ID token to the authorization code."),
        ["sid"] = new("会话标识：认证服务一侧的登录会话。", "Session id: the login session at the identity service."),
        ["jti"] = new("令牌编号：每份令牌唯一。", "Token id: unique to each token."),
    };

    private static readonly Explanation Internal = new(
        "认证服务内部使用的令牌记录信息，不涉及您的个人信息。",
        "Bookkeeping of the identity service's token server; nothing about you.");

    private static readonly Explanation Unknown = new(
        "本页没有这条声明的说明。",
        "This page has no explanation for this claim.");

    /// <summary>The explanation of <paramref name="claimType"/>, and whether it is one this page knows.</summary>
    public static (Explanation Explanation, bool Known) For(string claimType) =>
        Known.TryGetValue(claimType, out var explanation) ? (explanation, true)
        : claimType.StartsWith("oi_", StringComparison.Ordinal) ? (Internal, true)
        : (Unknown, false);
}
