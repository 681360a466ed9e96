using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Consent;

/// <summary>
/// "My authorizations": the person signs in to the broker itself with 网号/网证 (the same pages as
/// any login, for the broker's own sector) and sees and withdraws their consents. The session
/// is a short cookie for <c>/my</c> only, holding the person's key and nothing else.
/// </summary>
public static class MyAuthorizations
{
    public const string Scheme = "NetIdentity.My";
    public const string PersonKeyClaim = "netid_person";

    /// <summary>
    /// The level a sign-in to "my authorizations" must reach (docs/claims.md): level 2, 网证 + 口令
    /// (R02), or the other way with its face step. Level 1 is not enough: the page shows a
    /// person's consent history and withdraws consents (PIPL Art. 15), and level 1 on the other
    /// way rests on an SMS code alone; a stolen name and ID number plus a phone obtained in the
    /// person's name must not open it.
    /// </summary>
    public const AssuranceLevel RequiredLevel = AssuranceLevel.Level2;

    public static IServiceCollection AddMyAuthorizations(this IServiceCollection services)
    {
        services.AddScoped<ConsentWithdrawal>();
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "netid.my";
            options.Cookie.Path = "/my";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            options.SlidingExpiration = false;
            options.LoginPath = "/my/login";
            options.AccessDeniedPath = "/my/login";
        });
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(Scheme).Configure<Microsoft.Extensions.Options.IOptions<BrokerOptions>>(
            (options, broker) => options.Cookie.SecurePolicy = broker.Value.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return services;
    }

    public static IEndpointRouteBuilder MapMyAuthorizations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/my/login", (Delegate)LoginAsync);
        endpoints.MapGet("/my/complete/{id}", (Delegate)CompleteAsync);
        endpoints.MapGet("/my/receipts/{id}", (Delegate)ReceiptAsync).RequireAuthorization(policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        endpoints.MapPost("/my/logout", (Delegate)LogoutAsync).RequireAuthorization(policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return endpoints;
    }

    public static string? PersonKey(ClaimsPrincipal user) => user.FindFirst(PersonKeyClaim)?.Value;

    /// <summary>Starts a verification for the broker itself, then continues at the usual method page.</summary>
    private static async Task<IResult> LoginAsync(HttpContext context, LoginTransactionStore store, TimeProvider time)
    {
        var id = LoginTransactionStore.NewId();
        await store.CreateAsync(context, new LoginTransaction
        {
            Id = id,
            ClientId = PlatformCatalog.Self.ClientId,
            ReturnUrl = $"/my/complete/{id}",
            CreatedAt = time.GetUtcNow(),
            RequiredLevel = RequiredLevel,
            RequiredMode = PlatformCatalog.ModeFor(PlatformCatalog.Self, RequiredLevel),
        });
        return Results.Redirect(LoginPaths.Method(id));
    }

    private static async Task<IResult> CompleteAsync(string id, HttpContext context, LoginTransactionStore store)
    {
        var transaction = await store.ReadAsync(context, id);
        if (transaction is null || transaction.ClientId != PlatformCatalog.Self.ClientId)
        {
            return Results.Redirect("/errors/NI1302");
        }

        await store.DeleteAsync(context, transaction);
        if (transaction.State != LoginState.Verified || transaction.PersonKey is null)
        {
            return Results.Redirect($"/errors/{transaction.ErrorCode ?? "NI1302"}");
        }

        // Fail closed: a verification below the level asked for never opens the page (NI1106).
        if (transaction.Level is not { } level || level < RequiredLevel)
        {
            return Results.Redirect($"/errors/{LoginErrors.ModeTooWeak.Code}");
        }

        var identity = new ClaimsIdentity([new Claim(PersonKeyClaim, transaction.PersonKey)], Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/my");
    }

    /// <summary>The person's own receipt, as a file: the signed JWT, verifiable against the JWKS.</summary>
    private static async Task<IResult> ReceiptAsync(string id, HttpContext context, IConsentLedger ledger)
    {
        var personKey = PersonKey(context.User)!;
        var history = await ledger.ForPersonAsync(personKey, context.RequestAborted);
        var record = history.FirstOrDefault(r => r.Id == id && r.Receipt is not null);
        return record is null
            ? Results.NotFound()
            : Results.File(System.Text.Encoding.ASCII.GetBytes(record.Receipt!), "application/jwt", $"consent-receipt-{record.Id}.jwt");
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(Scheme);
        return Results.Redirect("/");
    }
}
