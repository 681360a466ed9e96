using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Verification;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The authorization endpoint, after OpenIddict has validated the request (client, exact
/// redirect URI, PKCE S256, scopes, PAR). Each request is a fresh verification: NetIdentity keeps
/// no single sign-on session across platforms, so <c>auth_time</c> is always this login's.
/// </summary>
public static class AuthorizationEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context,
        PlatformCatalog platforms,
        LoginTransactionStore transactions,
        ConsentFlow consent,
        ICodeIssuance codes,
        Sessions.PlatformLogout logout,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict authorization request is missing.");
        var platform = platforms.Find(request.ClientId);
        if (platform is null)
        {
            // Registered in the store but not in configuration: the sync at start-up removes such clients.
            return Forbid(context, Errors.InvalidClient, "The client is not a registered platform.");
        }

        if (request.HasPromptValue(PromptValues.None))
        {
            return Forbid(context, Errors.LoginRequired, "NetIdentity verifies the person for every authorization request.");
        }

        var id = LoginTransactionStore.IdFor(request);
        var transaction = await transactions.ReadAsync(context, id);
        if (transaction is null || transaction.ClientId != request.ClientId)
        {
            var level = Assurance.Required(PlatformCatalog.MinimumLevel(platform), request.GetAcrValues());
            transaction = new LoginTransaction
            {
                Id = id,
                ClientId = platform.ClientId,
                ReturnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString,
                CreatedAt = time.GetUtcNow(),
                RequiredLevel = level,
                RequiredMode = PlatformCatalog.ModeFor(platform, level),
                RequestedItems = [.. request.GetScopes().Where(platform.Scopes.Contains).Select(ConsentScopes.ItemOf).OfType<ConsentItem>()],
            };
            await transactions.CreateAsync(context, transaction);
            if (LanguageChoice.FromUiLocales(request.UiLocales) is { } language)
            {
                LanguageChoice.Remember(context, language);
            }

            return Results.Redirect(LoginPaths.Method(id));
        }

        try
        {
            return await ContinueAsync(context, request, platform, transaction, transactions, consent, codes, logout, time);
        }
        catch (LoginConflictException)
        {
            // A racing request moved the login on first; this one changed nothing. Asking again
            // reads the login as it now stands.
            return Results.Redirect(transaction.ReturnUrl);
        }
    }

    /// <summary>
    /// Does what <see cref="LoginDecider"/> says comes next: a page for the person, the platform's
    /// error, or — once every consent is decided — what the consents allow, then the code, once.
    /// </summary>
    private static async Task<IResult> ContinueAsync(
        HttpContext context,
        OpenIddictRequest request,
        PlatformOptions platform,
        LoginTransaction transaction,
        LoginTransactionStore transactions,
        ConsentFlow consent,
        ICodeIssuance codes,
        Sessions.PlatformLogout logout,
        TimeProvider time)
    {
        var ct = context.RequestAborted;
        if (LoginDecider.Next(transaction) is LoginStep.Consent or LoginStep.IdentityConsent or LoginStep.Release)
        {
            // Standing grants (same platform, items and purpose version: PIPL Art. 14) count as decided.
            var folded = await consent.FoldStandingGrantsAsync(transaction, platform, ct);
            if (!ReferenceEquals(folded, transaction))
            {
                transaction = await transactions.WriteAsync(context, folded);
            }
        }

        switch (LoginDecider.Next(transaction))
        {
            case LoginStep.Failed:
                await transactions.DeleteAsync(context, transaction);
                var error = LoginErrors.Find(transaction.ErrorCode) ?? LoginErrors.VerificationFailed;
                return Forbid(context, error.OAuthError, error.OAuthDescription, error.Code);

            case LoginStep.Done:
                return Reused(context);

            case LoginStep.Release or LoginStep.IssueCode:
                return await CompleteAsync(context, request, platform, transaction, transactions, consent, codes, logout, time);

            default:
                return Results.Redirect(LoginPaths.For(transaction));
        }
    }

    /// <summary>
    /// Everything is decided. The login is first claimed and ended in one compare-and-delete
    /// (<see cref="LoginTransactionStore.ClaimAsync"/>), so a racing or replayed request can neither
    /// run the release twice nor get a second code; then what the consents allow is fetched, then
    /// the code.
    /// </summary>
    private static async Task<IResult> CompleteAsync(
        HttpContext context,
        OpenIddictRequest request,
        PlatformOptions platform,
        LoginTransaction transaction,
        LoginTransactionStore transactions,
        ConsentFlow consent,
        ICodeIssuance codes,
        Sessions.PlatformLogout logout,
        TimeProvider time)
    {
        var ct = context.RequestAborted;
        transaction = await transactions.ClaimAsync(context, transaction);
        if (!transaction.ConsentComplete)
        {
            (transaction, var releaseError) = await consent.ReleaseAsync(transaction, platform, ct);
            if (releaseError is not null)
            {
                return Forbid(context, releaseError.OAuthError, releaseError.OAuthDescription, releaseError.Code);
            }
        }

        // One verification, one code: a replayed login cookie gets nothing (authority-contract §8.3).
        if (transaction.BizSeq is null || !await codes.TryMarkIssuedAsync(transaction.BizSeq, time.GetUtcNow(), ct))
        {
            return Reused(context);
        }

        // A platform registered for back-channel logout gets this login's sid, noted so a sign-out can name it.
        var sid = transaction.PersonKey is { } personKey
            ? await logout.BeginAsync(platform, transaction.Subject!, personKey, ct)
            : null;
        return Results.SignIn(
            LoginPrincipalFactory.Create(transaction, request, platform, transaction.Receipts, sid),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reused(HttpContext context)
    {
        var reused = LoginErrors.CredentialReused;
        return Forbid(context, reused.OAuthError, reused.OAuthDescription, reused.Code);
    }

    private static IResult Forbid(HttpContext context, string error, string description, string? code = null)
    {
        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        });
        if (code is not null)
        {
            var request = context.Request;
            properties.Items[OpenIddictServerAspNetCoreConstants.Properties.ErrorUri] = $"{request.Scheme}://{request.Host}{request.PathBase}/errors/{code}";
        }

        return Results.Forbid(properties, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
