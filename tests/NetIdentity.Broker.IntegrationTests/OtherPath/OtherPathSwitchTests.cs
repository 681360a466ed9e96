using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// The operator may switch the other way off for the whole service (<c>Broker:OtherPath:Enabled</c>),
/// never a platform. Doing so goes against equal service (PRODUCT rule 4), so start-up warns with
/// the rule, the page says plainly that it is off, and nothing reaches the authority.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class OtherPathSwitchTests(OtherPathFixture fixture)
{
    private static readonly Dictionary<string, string?> Disabled = new() { ["Broker:OtherPath:Enabled"] = "false" };

    [Fact]
    public async Task Startup_WhenSwitchedOff_WarnsWithEvent1201QuotingEqualService()
    {
        await using var broker = fixture.StartBroker(Disabled);

        var warning = Assert.Single(broker.Logs.Lines, line => line.Contains("[1201]", StringComparison.Ordinal));

        Assert.StartsWith("Warning ", warning, StringComparison.Ordinal);
        Assert.Contains("Broker:OtherPath:Enabled=false", warning, StringComparison.Ordinal);
        Assert.Contains("people who verify another lawful way must get the same service", warning, StringComparison.Ordinal);
        Assert.Contains("a platform may not make 网号/网证 the only way in (PRODUCT rule 4)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_WhenSwitchedOn_DoesNotWarn()
    {
        var lines = fixture.Broker.Logs.Lines;

        Assert.DoesNotContain(lines, line => line.Contains("[1201]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtherPage_WhenSwitchedOff_SaysItIsOffAndHasNoForm()
    {
        await using var broker = fixture.StartBroker(Disabled);
        var driver = fixture.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var page = await driver.OpenAsync(login);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-status=\"disabled\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.IdNumber\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WhenSwitchedOff_ReturnsToTheChoicesWithoutAskingTheAuthority()
    {
        var calls = new RealNameCallCounter();
        await using var broker = fixture.StartBroker(Disabled, calls.Decorate);
        var driver = fixture.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var answer = await driver.SubmitAsync(login, OtherPathPersonas.Adult);

        // A redirect, not a 400: the post passed antiforgery and reached the page, which refused it.
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal(login, answer.Location);
        Assert.Equal(0, calls.Starts);
    }
}
