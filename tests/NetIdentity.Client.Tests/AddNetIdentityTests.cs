using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace NetIdentity.Client.Tests;

public sealed class AddNetIdentityTests
{
    private const string Scheme = NetIdentityDefaults.AuthenticationScheme;

    internal static ServiceProvider Services(NetIdentityOptions options, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddCookie().AddNetIdentity(o => options.CopyTo(o));
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    internal static OpenIdConnectOptions Oidc(NetIdentityOptions options, Action<IServiceCollection>? more = null)
    {
        using var provider = Services(options, more);
        return provider.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
    }

    [Fact]
    public async Task AddNetIdentity_Always_RegistersTheScheme()
    {
        using var provider = Services(Options.Sandbox());

        var scheme = await provider.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(Scheme);

        Assert.NotNull(scheme);
        Assert.Equal(typeof(OpenIdConnectHandler), scheme.HandlerType);
        Assert.Equal(NetIdentityDefaults.DisplayName, scheme.DisplayName);
    }

    [Fact]
    public void AddNetIdentity_Always_CopiesAuthorityAndClient()
    {
        var oidc = Oidc(Options.Sandbox());

        Assert.Equal("http://127.0.0.1:5100/", oidc.Authority);
        Assert.Equal("demo-forum", oidc.ClientId);
        Assert.Equal("demo-forum-development-secret-0123456789", oidc.ClientSecret);
    }

    [Fact]
    public void AddNetIdentity_Always_UsesCodeFlowWithPkceInTheQuery()
    {
        var oidc = Oidc(Options.Sandbox());

        Assert.Equal(OpenIdConnectResponseType.Code, oidc.ResponseType);
        Assert.Equal(OpenIdConnectResponseMode.Query, oidc.ResponseMode);
        Assert.True(oidc.UsePkce);
        Assert.Equal(SameSiteMode.Lax, oidc.CorrelationCookie.SameSite);
        Assert.Equal(SameSiteMode.Lax, oidc.NonceCookie.SameSite);
    }

    [Fact]
    public void AddNetIdentity_Always_UsesPushedAuthorizationWhenAvailable()
    {
        Assert.Equal(PushedAuthorizationBehavior.UseIfAvailable, Oidc(Options.Sandbox()).PushedAuthorizationBehavior);
    }

    [Fact]
    public void AddNetIdentity_Always_KeepsClaimNamesAsSent()
    {
        var oidc = Oidc(Options.Sandbox());

        Assert.False(oidc.MapInboundClaims);
        Assert.Equal("sub", oidc.TokenValidationParameters.NameClaimType);
    }

    [Fact]
    public void AddNetIdentity_Always_FetchesUserInfoAndSavesTokens()
    {
        var oidc = Oidc(Options.Sandbox());

        Assert.True(oidc.GetClaimsFromUserInfoEndpoint);
        Assert.True(oidc.SaveTokens);
        Assert.True(oidc.DisableTelemetry);
    }

    [Fact]
    public void AddNetIdentity_WhenNoExtraScopes_AsksForOpenIdAndNetIdOnly()
    {
        var oidc = Oidc(Options.Sandbox());

        Assert.Equal(["netid", "openid"], oidc.Scope.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddNetIdentity_WhenExtraScopes_AddsThemToOpenIdAndNetId()
    {
        var oidc = Oidc(Options.Sandbox(o => o.Scopes.Add("offline_access")));

        Assert.Equal(["netid", "offline_access", "openid"], oidc.Scope.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddNetIdentity_WhenAuthorityIsLoopback_AllowsHttpMetadata()
    {
        Assert.False(Oidc(Options.Sandbox()).RequireHttpsMetadata);
    }

    [Fact]
    public void AddNetIdentity_WhenAuthorityIsRemote_RequiresHttpsMetadata()
    {
        var oidc = Oidc(Options.Sandbox(o => o.Authority = new Uri("https://netid.example.com")));

        Assert.True(oidc.RequireHttpsMetadata);
        Assert.Equal("https://netid.example.com/.well-known/openid-configuration", oidc.MetadataAddress);
    }

    [Fact]
    public void AddNetIdentity_ClaimActions_KeepAcrAndAuthTimeFromTheIdToken()
    {
        var oidc = Oidc(Options.Sandbox());
        var identity = new ClaimsIdentity(
            [new("sub", "s"), new("acr", "urn:netidentity:acr:level2"), new("auth_time", "1795000000"), new("aud", "demo-forum"), new("nonce", "n")],
            "test");

        RunClaimActions(oidc, """{ "sub": "s" }""", identity);

        Assert.Equal("urn:netidentity:acr:level2", identity.FindFirst("acr")?.Value);
        Assert.Equal("1795000000", identity.FindFirst("auth_time")?.Value);
        Assert.Null(identity.FindFirst("aud"));
        Assert.Null(identity.FindFirst("nonce"));
    }

    [Fact]
    public void AddNetIdentity_ClaimActions_TakeResultAndTimeFromUserInfo()
    {
        var oidc = Oidc(Options.Sandbox());
        var identity = new ClaimsIdentity([new Claim("sub", "s")], "test");

        RunClaimActions(oidc, """{ "sub": "s", "netid_result": "pass", "netid_verified_at": 1795000000 }""", identity);

        Assert.Equal("pass", identity.FindFirst("netid_result")?.Value);
        Assert.Equal("1795000000", identity.FindFirst("netid_verified_at")?.Value);
    }

    [Fact]
    public void AddNetIdentity_ClaimActions_DoNotDuplicateWhatTheIdTokenGave()
    {
        var oidc = Oidc(Options.Sandbox());
        var identity = new ClaimsIdentity([new("sub", "s"), new("netid_result", "pass"), new("netid_verified_at", "1795000000")], "test");

        RunClaimActions(oidc, """{ "sub": "s", "netid_result": "pass", "netid_verified_at": 1795000000 }""", identity);

        Assert.Single(identity.FindAll("netid_result"));
        Assert.Single(identity.FindAll("netid_verified_at"));
        Assert.Single(identity.FindAll("sub"));
    }

    [Fact]
    public void AddNetIdentity_WhenApplicationConfiguresAfterwards_ItsSettingWins()
    {
        var oidc = Oidc(Options.Sandbox(), s => s.Configure<OpenIdConnectOptions>(Scheme, o => o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest));

        Assert.Equal(CookieSecurePolicy.SameAsRequest, oidc.NonceCookie.SecurePolicy);
        Assert.Equal(OpenIdConnectResponseType.Code, oidc.ResponseType);
    }

    [Fact]
    public void AddNetIdentity_WhenOptionsInvalid_FailsAtStartUpWithTheFix()
    {
        using var provider = Services(Options.Sandbox(o => o.Authority = null));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("NetIdentity:Authority is missing.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNetIdentity_WhenOptionsValid_PassesStartUpValidation()
    {
        using var provider = Services(Options.Sandbox());

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddNetIdentity_WhenEventsTypeSet_RefusesBecauseTheCheckWouldBeLost()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            Oidc(Options.Sandbox(), s => s.Configure<OpenIdConnectOptions>(Scheme, o => o.EventsType = typeof(OpenIdConnectEvents))));

        Assert.Contains("EventsType", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNetIdentity_WhenCustomSchemeName_ConfiguresThatScheme()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddNetIdentity("Forum", o => Options.Sandbox().CopyTo(o));
        using var provider = services.BuildServiceProvider();

        var oidc = provider.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("Forum");

        Assert.Equal("demo-forum", oidc.ClientId);
        Assert.Equal(OpenIdConnectResponseType.Code, oidc.ResponseType);
    }

    private static void RunClaimActions(OpenIdConnectOptions oidc, string userInfo, ClaimsIdentity identity)
    {
        using var json = JsonDocument.Parse(userInfo);
        foreach (var action in oidc.ClaimActions)
        {
            action.Run(json.RootElement, identity, "http://127.0.0.1:5100/");
        }
    }
}
