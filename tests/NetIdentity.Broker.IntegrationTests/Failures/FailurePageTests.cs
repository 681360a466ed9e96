using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// The failure page says what went wrong in plain words, with the stable code (docs/errors/),
/// in Chinese by default and in English on request (PRODUCT.md, "Flows").
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class FailurePageTests(BrokerFixture fixture)
{
    [Fact]
    public async Task FailedPage_ByDefault_ShowsCodeAndChineseWords()
    {
        var (driver, login) = await RefusedLoginAsync();

        var page = WebUtility.HtmlDecode(await driver.FailedPageAsync(login));

        Assert.Contains("data-error-code=\"NI1001\"", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("您在国家网络身份认证App中拒绝了本次认证。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("You refused this verification in the national network identity app.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedPage_WithLangEn_ShowsCodeAndEnglishWords()
    {
        var (driver, login) = await RefusedLoginAsync();

        var page = WebUtility.HtmlDecode(await driver.FailedPageAsync(login, "en"));

        Assert.Contains("data-error-code=\"NI1001\"", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("You refused this verification in the national network identity app.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("您在国家网络身份认证App中拒绝了本次认证。", page, StringComparison.Ordinal);
    }

    private async Task<(LoginDriver Driver, string Login)> RefusedLoginAsync()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        await fixture.Mock.DenyAsync(await driver.ChooseNetIdAsync(login));
        Assert.Equal("failed", (await driver.PollUntilFinishedAsync(login)).State);
        return (driver, login);
    }
}
