namespace NetIdentity.Core.Errors;

/// <summary>
/// The catalogue of login failures. A code, once published, keeps its meaning (docs/errors/).
/// NI10xx: the person or their 网证; NI11xx: the credential failed the broker's checks;
/// NI12xx: the authority could not be reached; NI13xx: the person stopped; NI14xx: the other
/// lawful way (real-name check, SMS code); NI15xx: a guardian (PIPL Art. 31); NI16xx: NetIdentity
/// itself could not serve (its database).
/// </summary>
public static class LoginErrors
{
    private const string AccessDenied = "access_denied";
    private const string TemporarilyUnavailable = "temporarily_unavailable";

    private const string TryAgainZh = "请回到平台重新登录。";
    private const string TryAgainEn = "Go back to the platform and log in again.";

    public static readonly LoginError RefusedInApp = new(
        "NI1001", AccessDenied, "The person refused the verification in the app.",
        "您在国家网络身份认证App中拒绝了本次认证。", "You refused this verification in the national network identity app.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialCancelled = new(
        "NI1002", AccessDenied, "The network credential has been cancelled.",
        "您的网证已注销，无法用于认证。", "Your network credential (网证) has been cancelled and cannot be used.",
        "请在国家网络身份认证App中重新申领网证，或选择其他方式认证。", "Apply for a new credential in the app, or choose another way to verify.");

    public static readonly LoginError CredentialFrozen = new(
        "NI1003", AccessDenied, "The network credential is frozen.",
        "您的网证已被冻结。", "Your network credential (网证) is frozen.",
        "请在国家网络身份认证App中查看原因并解冻，或选择其他方式认证。", "See the reason and unfreeze it in the app, or choose another way to verify.");

    public static readonly LoginError CredentialExpired = new(
        "NI1004", AccessDenied, "The network credential has expired.",
        "您的网证已过期。", "Your network credential (网证) has expired.",
        "请在国家网络身份认证App中更新网证，或选择其他方式认证。", "Renew it in the app, or choose another way to verify.");

    public static readonly LoginError WrongPassword = new(
        "NI1005", AccessDenied, "The credential password was wrong.",
        "网证口令不正确。", "The credential password (口令) was wrong.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError FaceMismatch = new(
        "NI1006", AccessDenied, "The face check did not match.",
        "人脸核验未通过。", "The face check did not match.",
        "请在光线充足处重试，或选择其他方式认证。", "Try again in good light, or choose another way to verify.");

    public static readonly LoginError SessionExpired = new(
        "NI1007", AccessDenied, "The verification was not completed in time.",
        "认证超时：未在规定时间内在App中完成确认。", "The verification timed out: it was not confirmed in the app in time.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError VerificationFailed = new(
        "NI1008", AccessDenied, "The authority did not verify the person.",
        "认证未通过。", "The verification did not pass.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError MatchCodeNotMatched = new(
        "NI1021", AccessDenied, "The number shown in the browser was not matched in the app.",
        "在App中未能选对浏览器中显示的数字，本次认证已结束。", "The number shown in the browser was not picked in the app, so this verification has ended.",
        "如果不是您本人发起的登录，请不要在App中确认。否则请回到平台重新登录。", "If you did not start this login yourself, do not confirm it in the app. Otherwise go back to the platform and log in again.");

    public static readonly LoginError IdentityNotConfirmedInApp = new(
        "NI1022", AccessDenied, "The person did not confirm the release of their identity in the app.",
        "您未在国家网络身份认证App中同意提供身份信息，平台未获得您的姓名和证件号码，本次登录已结束。",
        "You did not agree in the national network identity app to release your identity, so the platform received neither your name nor your ID number and this login has ended.",
        "如需向平台提供身份信息，请重新登录并在App中同意。", "To release it, log in again and agree in the app.");

    public static readonly LoginError SignatureInvalid = new(
        "NI1101", AccessDenied, "The credential signature is not valid.",
        "认证结果的签名无效，为保护您的安全，本次登录已终止。", "The verification result's signature was not valid; to protect you, this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialForAnotherSession = new(
        "NI1102", AccessDenied, "The credential belongs to another verification session.",
        "认证结果不属于本次登录，本次登录已终止。", "The verification result belongs to another login; this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialReused = new(
        "NI1103", AccessDenied, "The credential has already been used.",
        "认证结果已被使用过，本次登录已终止。", "The verification result had already been used; this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialStale = new(
        "NI1104", AccessDenied, "The credential is outside the freshness window.",
        "认证结果已过时，本次登录已终止。", "The verification result is too old; this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialForAnotherOrganisation = new(
        "NI1105", AccessDenied, "The credential was issued to another organisation.",
        "认证结果不是签发给本服务的，本次登录已终止。", "The verification result was issued to someone else; this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError ModeTooWeak = new(
        "NI1106", AccessDenied, "The credential's mode is below the assurance requested.",
        "认证方式低于平台要求的安全等级。", "The verification was weaker than the platform requires.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError CredentialMalformed = new(
        "NI1107", AccessDenied, "The authority's answer is not of the documented shape.",
        "认证结果格式无法识别，为保护您的安全，本次登录已终止。", "The verification result could not be understood; to protect you, this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError IdentityForAnotherPerson = new(
        "NI1108", AccessDenied, "The identity answer belongs to another person than the verified credential.",
        "返回的身份信息与本次核验的人不一致，为保护您的信息，本次登录已终止，未向平台提供任何身份信息。", "The identity returned does not belong to the person who verified; to protect you, this login was stopped and nothing was given to the platform.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError ApprovalNotMatched = new(
        "NI1121", AccessDenied, "The approval was not matched to the number shown in this browser.",
        "App中的确认与本浏览器显示的数字不符，为保护您的安全，本次登录已终止。", "The confirmation in the app did not match the number shown in this browser; to protect you, this login was stopped.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError AppReturnMissing = new(
        "NI1122", AccessDenied, "The app-link approval did not return to the browser that started the login.",
        "App中的确认没有回到发起本次登录的浏览器，为保护您的安全，本次登录已终止。如果不是您本人发起的登录，无需任何操作，您的信息未被提供。",
        "The confirmation in the app did not come back to the browser that started this login; to protect you, it was stopped. If you did not start this login, you need do nothing: nothing was shared.",
        "请在发起登录的同一部手机上打开App，或用App扫描二维码。", "Open the app on the same phone that started the login, or scan the QR code with the app.");

    public static readonly LoginError AuthorityUnavailable = new(
        "NI1201", TemporarilyUnavailable, "The national authority is unavailable.",
        "国家网络身份认证服务暂时不可用。", "The national network identity service is temporarily unavailable.",
        "请稍后再试，或选择其他方式认证。", "Please try again later, or choose another way to verify.");

    public static readonly LoginError AuthorityTimeout = new(
        "NI1202", TemporarilyUnavailable, "The national authority did not answer in time.",
        "国家网络身份认证服务响应超时。", "The national network identity service did not answer in time.",
        "请稍后再试，或选择其他方式认证。", "Please try again later, or choose another way to verify.");

    public static readonly LoginError TooManyRequests = new(
        "NI1204", TemporarilyUnavailable, "Too many requests from this network address; the broker paused asking the authority for it.",
        "来自您所在网络的请求过多，请稍后再试。", "Too many requests from your network. Please try again later.",
        "请稍等几分钟再试；使用公共网络时，也可换用其他网络。", "Wait a few minutes and try again; on a shared network, you can also try another network.");

    public static readonly LoginError AuthorityRejected = new(
        "NI1203", TemporarilyUnavailable, "The national authority refused the broker's request.",
        "认证服务暂时无法处理本次请求。", "The verification service could not handle this request right now.",
        "请稍后再试；如果问题持续，请联系平台。", "Please try again later; if it persists, contact the platform.");

    public static readonly LoginError Cancelled = new(
        "NI1301", AccessDenied, "The person cancelled the login.",
        "您已取消登录。", "You cancelled the login.",
        "如需登录，请回到平台重新开始。", "To log in, go back to the platform and start again.");

    public static readonly LoginError LoginExpired = new(
        "NI1302", AccessDenied, "The login was not finished in time.",
        "登录已超时。", "The login took too long.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError InvalidIdNumber = new(
        "NI1401", AccessDenied, "The ID number is not a valid resident ID number.",
        "证件号码格式不正确，请检查后重新输入。", "The ID number is not valid; please check it and type it again.",
        "居民身份证号码为18位，最后一位可能是X。", "A resident ID number has 18 characters; the last may be X.");

    public static readonly LoginError RealNameMismatch = new(
        "NI1402", AccessDenied, "The real-name check did not match.",
        "姓名、证件号码与手机号码未能通过核验。", "The name, ID number and mobile number could not be verified together.",
        "手机号码须是以您本人身份证件实名登记的号码。请核对后重试；多次失败后将暂停核验。",
        "The mobile number must be registered with the carrier in your own name. Check all three and try again; after several failures verification pauses for a while.");

    public static readonly LoginError WrongCode = new(
        "NI1403", AccessDenied, "The SMS code was wrong.",
        "短信验证码不正确。", "The SMS code was wrong.",
        "请重新输入收到的6位验证码。", "Type the 6-digit code you received again.");

    public static readonly LoginError TooManyWrongCodes = new(
        "NI1404", AccessDenied, "Too many wrong SMS codes.",
        "短信验证码错误次数过多，本次核验已关闭。", "Too many wrong SMS codes; this verification is closed.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError RealNameExpired = new(
        "NI1405", AccessDenied, "The real-name verification was not finished in time.",
        "核验超时，请重新开始。", "The verification took too long; please start again.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError TooManyAttempts = new(
        "NI1406", AccessDenied, "Too many verification attempts; verification is paused.",
        "尝试次数过多，为保护您的身份信息，核验已暂停，请稍后再试。", "Too many attempts: to protect your identity, verification is paused. Please try again later.",
        "请15分钟后再试，或使用国家网络身份认证App。", "Try again in 15 minutes, or use the national network identity app.");

    public static readonly LoginError GuardianRefused = new(
        "NI1501", AccessDenied, "The guardian did not consent.",
        "监护人未同意，本次登录已结束。", "The guardian did not consent, so this login has ended.",
        "不满14周岁的未成年人使用本平台需要监护人同意。", "A child under 14 needs a guardian's consent to use this platform.");

    public static readonly LoginError NotGuardian = new(
        "NI1502", AccessDenied, "The person who verified as guardian is not the child's guardian.",
        "监护关系核验未通过，本次登录已结束。", "The guardianship could not be confirmed, so this login has ended.",
        "请由孩子的法定监护人完成验证。", "The child's legal guardian needs to verify.");

    public static readonly LoginError GuardianNotVerified = new(
        "NI1503", AccessDenied, "The guardian's verification did not complete.",
        "监护人身份核验未完成，本次登录已结束。", "The guardian's verification did not complete, so this login has ended.",
        TryAgainZh, TryAgainEn);

    public static readonly LoginError AgeBandMissing = new(
        "NI1504", AccessDenied, "The credential did not state the person's age band.",
        "未能确认您的年龄段，本次登录已结束。", "Your age band could not be confirmed, so this login has ended.",
        TryAgainZh, TryAgainEn);

    /// <summary>
    /// Shown by the broker for a request that failed inside it (an exception), never sent to a
    /// platform as an authorization response: the login may be started again.
    /// </summary>
    public static readonly LoginError BrokerUnavailable = new(
        "NI1601", TemporarilyUnavailable, "NetIdentity could not complete the request; its database was unavailable or it failed unexpectedly.",
        "身份认证服务暂时无法完成您的请求。", "The identity service could not complete your request right now.",
        "请稍后回到平台重新登录。", "Please go back to the platform and log in again in a moment.");

    /// <summary>Every error, for documentation checks and look-ups by code.</summary>
    public static readonly IReadOnlyList<LoginError> All =
    [
        RefusedInApp, CredentialCancelled, CredentialFrozen, CredentialExpired, WrongPassword, FaceMismatch,
        SessionExpired, VerificationFailed, MatchCodeNotMatched, IdentityNotConfirmedInApp, SignatureInvalid, CredentialForAnotherSession, CredentialReused,
        CredentialStale, CredentialForAnotherOrganisation, ModeTooWeak, CredentialMalformed, IdentityForAnotherPerson, ApprovalNotMatched, AppReturnMissing,
        AuthorityUnavailable, AuthorityTimeout, AuthorityRejected, TooManyRequests, Cancelled, LoginExpired, InvalidIdNumber, RealNameMismatch, WrongCode,
        TooManyWrongCodes, RealNameExpired, TooManyAttempts, GuardianRefused, NotGuardian, GuardianNotVerified, AgeBandMissing,
        BrokerUnavailable,
    ];

    public static LoginError? Find(string? code) => All.FirstOrDefault(e => e.Code == code);

    /// <summary>The error for an authority reason code on a failed credential (authority-contract §5).</summary>
    public static LoginError ForResultCode(string resultCode) => resultCode switch
    {
        "C0401001" => CredentialCancelled,
        "C0401002" => CredentialFrozen,
        "C0401003" => CredentialExpired,
        "C0401011" => WrongPassword,
        "C0401021" => FaceMismatch,
        "C0401031" => RefusedInApp,
        "C0401041" => MatchCodeNotMatched,
        _ => VerificationFailed,
    };
}
