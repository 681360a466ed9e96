using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace NetIdentity.Client.Tests;

public sealed class AssuranceEventsTests
{
    private static readonly AuthenticationScheme Scheme = new(NetIdentityDefaults.AuthenticationScheme, null, typeof(OpenIdConnectHandler));

    private static async Task<OpenIdConnectMessage> RedirectAsync(OpenIdConnectOptions oidc, AuthenticationProperties properties)
    {
        var context = new RedirectContext(new DefaultHttpContext(), Scheme, oidc, properties) { ProtocolMessage = new OpenIdConnectMessage() };
        await oidc.Events.RedirectToIdentityProvider(context);
        return context.ProtocolMessage;
    }

    private static async Task<TokenValidatedContext> ValidateAsync(OpenIdConnectOptions oidc, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var context = new TokenValidatedContext(new DefaultHttpContext(), Scheme, oidc, principal, properties);
        await oidc.Events.TokenValidated(context);
        return context;
    }

    [Fact]
    public async Task Redirect_WhenDefaults_AsksForLevelOne()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());
        var properties = new AuthenticationProperties();

        var message = await RedirectAsync(oidc, properties);

        Assert.Equal("urn:netidentity:acr:level1", message.AcrValues);
        Assert.Equal(1, properties.GetNetIdAcrLevel());
        Assert.Null(message.UiLocales);
    }

    [Fact]
    public async Task Redirect_WhenConfiguredLevelAndLocale_SendsThem()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(o => { o.AcrLevel = 2; o.UiLocale = "zh-CN"; }));

        var message = await RedirectAsync(oidc, new AuthenticationProperties());

        Assert.Equal("urn:netidentity:acr:level2", message.AcrValues);
        Assert.Equal("zh-CN", message.UiLocales);
    }

    [Fact]
    public async Task Redirect_WhenChallengeAsksHigher_SendsAndRemembersTheHigherLevel()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(o => o.AcrLevel = 2));
        var properties = new AuthenticationProperties().SetNetIdAcrLevel(3).SetNetIdUiLocale("en");

        var message = await RedirectAsync(oidc, properties);

        Assert.Equal("urn:netidentity:acr:level3", message.AcrValues);
        Assert.Equal("en", message.UiLocales);
        Assert.Equal(3, properties.GetNetIdAcrLevel());
    }

    [Fact]
    public async Task Redirect_WhenChallengeAsksLower_KeepsTheConfiguredLevel()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(o => o.AcrLevel = 2));
        var properties = new AuthenticationProperties().SetNetIdAcrLevel(1);

        var message = await RedirectAsync(oidc, properties);

        Assert.Equal("urn:netidentity:acr:level2", message.AcrValues);
        Assert.Equal(2, properties.GetNetIdAcrLevel());
    }

    [Fact]
    public async Task Redirect_WhenApplicationHasAHandler_RunsItToo()
    {
        var called = false;
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(), s => s.Configure<OpenIdConnectOptions>(
            NetIdentityDefaults.AuthenticationScheme, o => o.Events.OnRedirectToIdentityProvider = _ => { called = true; return Task.CompletedTask; }));

        await RedirectAsync(oidc, new AuthenticationProperties());

        Assert.True(called);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    public async Task TokenValidated_WhenAcrReachesTheRequestedLevel_Continues(int requested, int reached)
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());

        var context = await ValidateAsync(oidc, Principals.Verified(reached), new AuthenticationProperties().SetNetIdAcrLevel(requested));

        Assert.Null(context.Result);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public async Task TokenValidated_WhenAcrBelowTheRequestedLevel_FailsWithInsufficientAuthentication(int requested, int reached)
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());

        var context = await ValidateAsync(oidc, Principals.Verified(reached), new AuthenticationProperties().SetNetIdAcrLevel(requested));

        var failure = NetIdentityLoginFailure.FromException(context.Result?.Failure);
        Assert.Equal("insufficient_user_authentication", failure.Error);
        Assert.Equal($"The ID token's acr urn:netidentity:acr:level{reached} is below the level this platform requested, urn:netidentity:acr:level{requested}.", failure.Description);
    }

    [Fact]
    public async Task TokenValidated_WhenStateLostTheLevel_UsesTheConfiguredLevel()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(o => o.AcrLevel = 3));

        var context = await ValidateAsync(oidc, Principals.Verified(2), new AuthenticationProperties());

        Assert.NotNull(context.Result?.Failure);
    }

    [Fact]
    public async Task TokenValidated_WhenAcrMissing_Fails()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());
        var principal = Principals.Authenticated(("sub", "s"), ("netid_result", "pass"));

        var context = await ValidateAsync(oidc, principal, new AuthenticationProperties());

        Assert.Equal("The ID token has no acr claim; this platform requires urn:netidentity:acr:level1 or higher.",
            NetIdentityLoginFailure.FromException(context.Result?.Failure).Description);
    }

    [Theory]
    [InlineData("urn:netidentity:acr:level4")]
    [InlineData("urn:other:acr:level3")]
    [InlineData("urn:netidentity:acr:level")]
    public async Task TokenValidated_WhenAcrUnknown_Fails(string acr)
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());
        var principal = Principals.Authenticated(("sub", "s"), ("acr", acr), ("netid_result", "pass"));

        var context = await ValidateAsync(oidc, principal, new AuthenticationProperties());

        Assert.Contains("is not a NetIdentity assurance level", context.Result?.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenValidated_WhenTwoDifferentAcrs_Fails()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());
        var principal = Principals.Authenticated(("acr", "urn:netidentity:acr:level1"), ("acr", "urn:netidentity:acr:level3"), ("netid_result", "pass"));

        var context = await ValidateAsync(oidc, principal, new AuthenticationProperties());

        Assert.Contains("several acr values", context.Result?.Failure?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("fail")]
    [InlineData("PASS")]
    public async Task TokenValidated_WhenResultIsNotPass_Fails(string? result)
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());
        (string, string)[] claims = result is null
            ? [("acr", "urn:netidentity:acr:level1")]
            : [("acr", "urn:netidentity:acr:level1"), ("netid_result", result)];

        var context = await ValidateAsync(oidc, Principals.Authenticated(claims), new AuthenticationProperties());

        Assert.Equal("The ID token does not carry netid_result \"pass\": the person is not verified.", context.Result?.Failure?.Message);
    }

    [Fact]
    public async Task TokenValidated_WhenRefused_DoesNotRunTheApplicationHandler()
    {
        var called = false;
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(), s => s.Configure<OpenIdConnectOptions>(
            NetIdentityDefaults.AuthenticationScheme, o => o.Events.OnTokenValidated = _ => { called = true; return Task.CompletedTask; }));

        await ValidateAsync(oidc, Principals.Verified(1), new AuthenticationProperties().SetNetIdAcrLevel(2));

        Assert.False(called);
    }

    [Fact]
    public async Task TokenValidated_WhenAccepted_RunsTheApplicationHandler()
    {
        var called = false;
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox(), s => s.Configure<OpenIdConnectOptions>(
            NetIdentityDefaults.AuthenticationScheme, o => o.Events.OnTokenValidated = _ => { called = true; return Task.CompletedTask; }));

        await ValidateAsync(oidc, Principals.Verified(2), new AuthenticationProperties().SetNetIdAcrLevel(2));

        Assert.True(called);
    }
}
