namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Browser security headers on every broker response (issue 9 §5; docs/configuration.md,
/// "Browser security headers"): the login and consent pages cannot be framed (clickjacking a
/// consent), run no inline or foreign script, leak no URL (the login id) in a Referer, and get
/// no camera, microphone or location unless the face step asks for the camera.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// 'self' only, plus data: images (the QR code is a data: PNG). No 'unsafe-inline' anywhere:
    /// scripts live in wwwroot/js, styles in wwwroot/css. form-action is deliberately absent: the
    /// consent and cancel forms post to the broker, which answers with a 302 to the platform's
    /// redirect_uri, and Chromium applies form-action to every hop of that redirect chain, so
    /// form-action 'self' would block the return to the platform: the E2E journey stopped at the consent POST when it was set.
    /// </summary>
    /// <remarks>
    /// One inline script is allowed, by its SHA-256 (CSP Level 2 §4.2.5): OpenIddict's
    /// <c>response_mode=form_post</c> page (the default of ASP.NET Core's OpenID Connect handler)
    /// posts its form with <c>&lt;script&gt;document.form.submit();&lt;/script&gt;</c>; without it
    /// the person is stuck on a blank page and the platform never gets its answer. The hash allows
    /// exactly those 23 bytes and nothing else (<see cref="FormPostScriptHash"/>).
    /// </remarks>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' '" + FormPostScriptHash + "'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// <c>sha256-</c> and the base64 SHA-256 of <c>document.form.submit();</c>, the body of the
    /// form_post page's script (OpenIddict.Server.AspNetCore 7.9.0); a test recomputes it.
    /// </summary>
    public const string FormPostScriptHash = "sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI=";

    /// <summary>The camera only for the broker itself (the face step's file input may open it); nothing else.</summary>
    public const string PermissionsPolicy =
        "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

    /// <summary>
    /// Registered first, so that every response carries the headers. Set when the response starts,
    /// not before <c>next</c>: the exception handler clears the headers of a failed response
    /// before it writes the error page, and that page must not be frameable either.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XContentTypeOptions = "nosniff";
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
    }
}
