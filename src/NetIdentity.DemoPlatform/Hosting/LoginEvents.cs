using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Hosting;

/// <summary>
/// The forum's own handling around a NetIdentity login: keep the userinfo answer without the
/// plaintext identity in the session (to show it on <c>/me</c>), store the consented claims it
/// keeps, and turn a failed login into the <c>/login-failed</c> page.
/// </summary>
internal static class LoginEvents
{
    /// <summary>
    /// Where the userinfo answer is kept inside the forum's protected session cookie, as
    /// <see cref="SessionUserInfo"/> makes it: never with the plaintext identity, which only the
    /// kept-data store holds (a cookie cannot be deleted when the person withdraws).
    /// </summary>
    public const string UserInfoItem = ".forum.userinfo";

    /// <summary>The longest description carried to <c>/login-failed</c>; the broker's are far shorter.</summary>
    private const int MaxDescription = 500;

    /// <summary>The log category of login events.</summary>
    public const string LogCategory = "NetIdentity.DemoPlatform.Login";

    public static void Attach(OpenIdConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Events.OnUserInformationReceived = context =>
        {
            context.Properties!.Items[UserInfoItem] = SessionUserInfo.From(context.User.RootElement);
            KeepConsentedClaims(context);
            return Task.CompletedTask;
        };

        options.Events.OnRemoteFailure = context =>
        {
            var failure = NetIdentityLoginFailure.FromException(context.Failure);
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            Log.LoginFailed(logger, failure.Error, failure.NetIdErrorCode ?? "-");

            var description = failure.Description is { Length: > MaxDescription } text ? text[..MaxDescription] : failure.Description;
            var query = QueryString.Create([new KeyValuePair<string, string?>("error", failure.Error), new("description", description ?? string.Empty)]);
            context.Response.Redirect("/login-failed" + query.ToUriComponent());
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Scrubs a session issued before the forum kept plaintext identity out of its cookie: its
    /// userinfo answer is reduced to what <see cref="SessionUserInfo"/> keeps and the cookie is
    /// issued again. Sessions issued since pass unchanged.
    /// </summary>
    public static Task ScrubSessionAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var items = context.Properties.Items;
        if (items.TryGetValue(UserInfoItem, out var userInfo) && userInfo is not null)
        {
            var scrubbed = SessionUserInfo.Scrub(userInfo);
            if (!string.Equals(scrubbed, userInfo, StringComparison.Ordinal))
            {
                if (scrubbed is null)
                {
                    items.Remove(UserInfoItem);
                }
                else
                {
                    items[UserInfoItem] = scrubbed;
                }

                context.ShouldRenew = true;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stores the consented claims of this login (ID token and userinfo) for the person's
    /// <c>sub</c>: what the forum keeps until the person withdraws the consent (see
    /// <see cref="KeptClaims"/>). The verification result itself is not stored.
    /// </summary>
    private static void KeepConsentedClaims(UserInformationReceivedContext context)
    {
        var subject = context.Principal?.FindFirst(NetIdentityClaimTypes.Subject)?.Value;
        var claims = KeptClaims.Select(context.Principal?.Claims ?? [], context.User.RootElement);
        if (string.IsNullOrEmpty(subject) || claims.Count == 0)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        services.GetRequiredService<KeptDataStore>().Save(subject, claims);
        Log.ClaimsKept(services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory), claims.Count);
    }
}
