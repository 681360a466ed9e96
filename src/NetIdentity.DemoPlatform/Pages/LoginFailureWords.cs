using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>The OAuth errors a login can end with, in plain words.</summary>
internal static class LoginFailureWords
{
    private static readonly Explanation RequestProblem = new(
        "本论坛发出的登录请求有误。这是论坛的问题，不是您的问题。",
        "This forum's login request was wrong. That is the forum's problem, not yours.");

    private static readonly Explanation LoginAgain = new("需要您重新登录。", "You need to log in again.");

    private static readonly Dictionary<string, Explanation> Known = new(StringComparer.Ordinal)
    {
        ["access_denied"] = new(
            "登录没有完成：认证被拒绝，或者没有通过。",
            "The login did not complete: the verification was refused or did not pass."),
        ["temporarily_unavailable"] = new(
            "认证服务暂时不可用，请稍后再试。",
            "The identity service is temporarily unavailable. Please try again later."),
        ["server_error"] = new(
            "认证服务出现了错误，请稍后再试。",
            "The identity service ran into an error. Please try again later."),
        [NetIdentityLoginFailure.InsufficientAssuranceError] = new(
            "认证的保障等级低于本论坛的要求，所以本论坛拒绝了这次登录。",
            "The assurance level of the verification is below what this forum requires, so the forum refused the login."),
        [NetIdentityLoginFailure.GenericError] = new(
            "登录没有完成。可能停留得太久，或者在另一个标签页里重新开始了登录。",
            "The login did not complete. Perhaps it took too long, or it was started again in another tab."),
        ["login_required"] = LoginAgain,
        ["interaction_required"] = LoginAgain,
        ["consent_required"] = LoginAgain,
        ["invalid_request"] = RequestProblem,
        ["invalid_scope"] = RequestProblem,
        ["invalid_client"] = RequestProblem,
        ["invalid_grant"] = RequestProblem,
        ["unauthorized_client"] = RequestProblem,
        ["unsupported_response_type"] = RequestProblem,
    };

    private static readonly Explanation Other = new("登录没有成功。", "The login did not succeed.");

    public static Explanation For(string error) => Known.GetValueOrDefault(error, Other);
}
