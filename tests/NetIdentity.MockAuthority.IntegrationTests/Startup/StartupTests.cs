using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Startup;

/// <summary>What the mock refuses at start-up, and how it starts outside Development.</summary>
public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Production")]
    [InlineData("production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Create_OutsideDevelopment_RefusesToStart(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MockAuthorityApp.Create(["--environment", environment, "--urls", "http://127.0.0.1:0"]));

        Assert.Equal(
            $"The mock authority runs only in the Development environment, not in '{environment}': it is a test " +
            "double that approves whatever a tester asks. Set ASPNETCORE_ENVIRONMENT=Development.",
            error.Message);
    }

    [Fact]
    public async Task Create_PersonaWithBadCheckDigit_RefusesToStart()
    {
        using var personas = await PersonasWithAsync(json => json.Replace("110105199003071239", "110105199003071238", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => Create(personas.Path));

        Assert.Contains("'adult'", error.Message, StringComparison.Ordinal);
        Assert.Contains("check digit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PersonaGenderContradictsItsNumber_RefusesToStart()
    {
        using var personas = await PersonasWithAsync(json => json.Replace(
            "\"idNumber\": \"110105197601010904\", \"phone\": \"13800000012\", \"gender\": \"F\"",
            "\"idNumber\": \"110105197601010904\", \"phone\": \"13800000012\", \"gender\": \"M\"",
            StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => Create(personas.Path));

        Assert.Contains("'bad-signature'", error.Message, StringComparison.Ordinal);
        Assert.Contains("gender", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_GuardianOfUnknownPersona_RefusesToStart()
    {
        using var personas = await PersonasWithAsync(json => json.Replace("\"guardianOf\": [ \"other-child\" ]", "\"guardianOf\": [ \"nobody\" ]", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => Create(personas.Path));

        Assert.Contains("'other-guardian'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingPersonasFile_RefusesToStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(Path.Combine(Path.GetTempPath(), "no-such-personas.json")));

        Assert.Contains("MockAuthority:PersonasPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SigningKeyNotSm2_RefusesToStartAndSaysHowToFixIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MockAuthorityApp.Create(
            ["--environment", "Development", "--urls", "http://127.0.0.1:0", "--MockAuthority:SigningKeyPem=not a key"]));

        Assert.Contains("MockAuthority:SigningKeyPem", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl genpkey -algorithm SM2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SessionLifetimeSeconds=0")]
    [InlineData("PlaintextWindowSeconds=-1")]
    [InlineData("SlowDelayMs=-5")]
    public void Create_SettingOutOfRange_RefusesToStartNamingIt(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MockAuthorityApp.Create(
            ["--environment", "Development", "--urls", "http://127.0.0.1:0", $"--MockAuthority:{setting}"]));

        Assert.Contains("MockAuthority:" + setting.Split('=')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OrganisationWithBadKey_RefusesToStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MockAuthorityApp.Create(
            ["--environment", "Development", "--urls", "http://127.0.0.1:0", "--MockAuthority:Organisations:0:PublicKeyPem=nope"]));

        Assert.Contains("MockAuthority:Organisations:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithEmptyKeys_UsesEphemeralKeys()
    {
        var app = MockAuthorityApp.Create(
            ["--environment", "Development", "--urls", "http://127.0.0.1:0", "--MockAuthority:SigningKeyPem=", "--MockAuthority:EncryptionKeyPem="]);
        await app.StartAsync(Ct);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            var keys = await http.GetStringAsync("/v1/keys", Ct);

            Assert.DoesNotContain(TestKeys.SigningKey.ExportPem().Split('\n')[1], keys, StringComparison.Ordinal);
            Assert.DoesNotContain(TestKeys.EncryptionKey.ExportPem().Split('\n')[1], keys, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync(Ct);
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task UnexpectedFailure_OnV1OrTester_AnswersA0503001OrT0503001NeverA500()
    {
        await using var mock = await MockAuthorityHost.StartAsync(extend: app =>
        {
            app.MapGet("/v1/test-failure", IResult () => throw new InvalidOperationException("boom"));
            app.MapGet("/tester/test-failure", IResult () => throw new InvalidOperationException("boom"));
        });

        var v1 = await mock.Tester.GetAsync("/v1/test-failure", Ct);
        var tester = await mock.Tester.GetAsync("/tester/test-failure", Ct);

        v1.AssertProblem(HttpStatusCode.ServiceUnavailable, "A0503001");
        tester.AssertProblem(HttpStatusCode.ServiceUnavailable, "T0503001");
    }

    private static WebApplication Create(string personasPath) =>
        MockAuthorityApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0", $"--MockAuthority:PersonasPath={personasPath}"]);

    /// <summary>A copy of the shipped personas.json with one change, deleted when disposed.</summary>
    private static async Task<TempFile> PersonasWithAsync(Func<string, string> change)
    {
        var original = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "personas.json"), Ct);
        var changed = change(original);
        Assert.NotEqual(original, changed);
        var file = new TempFile(Path.Combine(Path.GetTempPath(), $"personas-{Guid.NewGuid():N}.json"));
        await File.WriteAllTextAsync(file.Path, changed, Ct);
        return file;
    }

    private sealed record TempFile(string Path) : IDisposable
    {
        public void Dispose() => File.Delete(Path);
    }
}
