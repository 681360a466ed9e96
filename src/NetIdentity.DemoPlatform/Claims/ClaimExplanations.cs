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
        "exp", "iat", "nbf", "auth_time", "netid_verified_at", "netid_guardian_consented_at",
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
        ["netid_age_band"] = new(
            "年龄段（经您同意提供）：under_14 表示未满14周岁，14_17 表示14至17周岁，adult 表示已成年。只是一个年龄段，从不包含出生日期。",
            "Age band (with your consent): under_14 means under 14, 14_17 means 14 to 17, adult means 18 or over. Only a band, never a birth date."),
        ["netid_minor"] = new(
            "是否未成年人：true 表示未满18周岁，本论坛须为您开启未成年人模式（《未成年人网络保护条例》第四十三、四十四条）。是未成年人时，无需同意也会提供；false 只在您同意提供年龄段时才会出现。",
            "Minor: true means under 18, so this forum must switch on its minors' mode (Regulations on the Protection of Minors Online, Art. 43–44). For a minor it comes without any consent; false only comes when you consented to share your age band."),
        ["netid_guardian_sub"] = new(
            "监护人标识（仅限未满14周岁的儿童）：同意本次登录的监护人在本论坛的成对标识，与监护人自己登录本论坛时得到的标识相同。它不是监护人的姓名或证件号码。",
            "Guardian's identifier (children under 14 only): the pairwise identifier, for this forum, of the guardian who consented to this login — the same one the guardian gets when logging in here. It is not the guardian's name or ID number."),
        ["netid_guardian_consented_at"] = new(
            "监护人同意时间（仅限未满14周岁的儿童）：监护人同意向本论坛提供信息的时刻（《个人信息保护法》第三十一条）。",
            "Guardian's consent time (children under 14 only): when the guardian consented to share information with this forum (PIPL Art. 31)."),
        ["netid_masked_name"] = new(
            "脱敏姓名（经您同意提供）：只保留姓氏，其余每个字以 * 代替，例如 赵**。",
            "Masked name (with your consent): the surname only, each other character replaced by *, such as 赵**."),
        ["netid_masked_id_number"] = new(
            "脱敏证件号码（经您同意提供）：只保留第一位和最后一位，中间以 * 代替。",
            "Masked ID number (with your consent): only the first and last characters, with * between."),
        ["netid_name"] = new(
            "姓名（明文）：只有在您单独同意后才会提供，且只在登录后的第一次用户信息查询中提供一次。本论坛不把它放进您的会话，只按您的单独同意保存，您撤回授权后即删除。",
            "Name (plaintext): released only after your separate consent, and only once, in the first userinfo answer after the login. This forum does not put it in your session; it keeps it under your separate consent and deletes it when you withdraw."),
        ["netid_id_type"] = new(
            "证件类型（明文）：resident_id 表示居民身份证。只有在您单独同意后才会提供，只提供一次，撤回授权后即删除。",
            "ID type (plaintext): resident_id is the resident identity card (居民身份证). Released only after your separate consent, only once; deleted when you withdraw."),
        ["netid_id_number"] = new(
            "证件号码（明文）：只有在您单独同意后才会提供，且只提供一次。本论坛不把它放进您的会话，只按您的单独同意保存，您撤回授权后即删除。",
            "ID number (plaintext): released only after your separate consent, and only once. This forum does not put it in your session; it keeps it under your separate consent and deletes it when you withdraw."),
        ["verified_claims"] = new(
            "核验结论（OpenID Connect 身份保障 1.0 格式）：由谁按什么规则核验（trust_framework）、保障等级和核验时间，以及按您的同意提供的信息。与上面的各项声明说的是同一件事；明文身份信息同样不进入您的会话。",
            "The verification, in the format of OpenID Connect for Identity Assurance 1.0: under which rules (trust_framework), at what assurance level and when the person was verified, with what you agreed to share. It says the same as the claims above; the plaintext identity stays out of your session here too."),
        [ConsentScopes.ReceiptsClaim] = new(
            "同意回执：本次登录中有效的每一项同意各有一份由网络身份认证服务签名的回执，写明同意的事项、接收方、目的、法律依据和保存期限。这里只列出回执编号（即同意编号）和事项；签名回执可以下载。",
            "Consent receipts: one receipt, signed by NetIdentity, for each consent in force for this login, naming the items, the recipient, the purpose, the legal basis and the retention. Listed here by receipt id (the consent's id) and items; the signed receipt can be downloaded."),
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
        ["sid"] = new(
            "会话标识：这一次登录的随机编号。您在“我的授权”中选择“在所有平台退出登录”时，认证服务凭它通知本论坛结束这次会话。",
            "Session id: a random number for this login. When you choose \"Sign out of every platform\" under My authorizations, the identity service names it to end this session here."),
        ["age_over_14"] = new("是否已满14周岁：只有“是”或“否”，不含出生日期。", "Whether you are 14 or older: only yes or no, never your birth date."),
        ["age_over_18"] = new("是否已满18周岁：只有“是”或“否”，不含出生日期。", "Whether you are 18 or older: only yes or no, never your birth date."),
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
