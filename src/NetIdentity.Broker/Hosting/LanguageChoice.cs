using Microsoft.AspNetCore.Localization;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Remembers the person's language: Chinese by default, English when they choose it with
/// <c>?lang=en</c> on any page or when the platform asks with <c>ui_locales</c> (OIDC Core
/// §3.1.2.1). The choice lives in the standard ASP.NET Core culture cookie.
/// </summary>
public static class LanguageChoice
{
    private static readonly string[] Supported = ["zh-CN", "en"];

    public static IApplicationBuilder UseLanguageChoice(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var lang = context.Request.Query["lang"].ToString();
            if (Supported.Contains(lang, StringComparer.OrdinalIgnoreCase))
            {
                Remember(context, lang);
            }

            await next(context);
        });

    /// <summary>The first supported tag of an OIDC <c>ui_locales</c> value, if any.</summary>
    public static string? FromUiLocales(string? uiLocales) =>
        uiLocales?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(tag => tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
                : tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : null)
            .FirstOrDefault(tag => tag is not null);

    public static void Remember(HttpContext context, string culture)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Lax, not Strict (issue 9 §5): the choice must reach the login page the platform's
        // cross-site redirect to /connect/authorize leads to, or that page would be in the default language.
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
    }
}
