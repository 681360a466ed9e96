using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// The demo forum is registered with a legal basis (Cybersecurity Law Art. 24) and asks for
/// <c>netid.age netid.masked netid.identity</c>: after verifying, the person decides the ordinary
/// items on one screen and the plaintext identity on its own, separate screen (PIPL Art. 14,
/// 29). The forum gets name and ID number only when that separate consent is given.
/// </summary>
/// <remarks>
/// Each test logs in as its own adult persona: a consent to <c>netid.age</c> or
/// <c>netid.masked</c> stands for later logins (docs/claims.md), so a persona shared between
/// tests would see a different first screen depending on which test ran first. At R01, the
/// level the forum asks for, <c>wrong-password</c> and <c>face-mismatch</c> pass like any adult.
/// </remarks>
[Collection(SandboxGroup.Name)]
public sealed class SeparateConsentTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("wrong-password")]
    public async Task SeparateConsent_Accepted_ForumGetsTheFullNameAndIdNumberBesidesTheMaskedValuesAndAgeBand()
    {
        sandbox.WriteDatabaseNote();
        var persona = PersonaIdentity.Get("wrong-password");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync(persona.Id);
        await journey.ConsentAsync("netid.age", "netid.masked");

        // The separate consent is never inferred: "agree" without its tick is sent back.
        await journey.AtSeparateConsentPageAsync();
        await journey.Page.Locator("[data-action=agree]").ClickAsync();
        await Expect(journey.Page.Locator("[data-error=missing-tick]")).ToBeVisibleAsync();
        await journey.Shots.TakeAsync(journey.Page, "broker-identity-consent-missing-tick");
        await journey.DecideSeparateConsentAsync(agree: true);
        var me = await journey.AtForumMeAsync();

        // Plaintext identity: in userinfo only (docs/claims.md), never in the ID token.
        await Expect(me.UserInfo("netid_name")).ToHaveTextAsync(persona.Name);
        await Expect(me.UserInfo("netid_id_type")).ToHaveTextAsync(persona.IdType);
        await Expect(me.UserInfo("netid_id_number")).ToHaveTextAsync(persona.IdNumber);
        foreach (var claim in new[] { "netid_name", "netid_id_type", "netid_id_number" })
        {
            await Expect(me.IdToken(claim)).ToHaveCountAsync(0);
        }

        // The ordinary items granted on the first screen, in both.
        foreach (var source in new[] { "id_token", "userinfo" })
        {
            await Expect(me.Received(source, "netid_masked_name")).ToHaveTextAsync(persona.MaskedName);
            await Expect(me.Received(source, "netid_masked_id_number")).ToHaveTextAsync(persona.MaskedIdNumber);
            await Expect(me.Received(source, "netid_age_band")).ToHaveTextAsync("adult");
            await Expect(me.Received(source, "netid_minor")).ToHaveTextAsync("false");
        }

        // One receipt per grant, for this forum and this person: the first screen's, then the separate one.
        var subject = await me.SubjectAsync();
        var receipts = await me.ReceiptsAsync();
        Assert.Equal(2, receipts.Count);
        Assert.All(receipts, r => Assert.Equal((SandboxFixture.ClientId, subject, "granted"), (r.Audience, r.Subject, r.Decision)));
        Assert.Contains(receipts, r => r.Items.SequenceEqual(["netid.age", "netid.masked"]));
        Assert.Contains(receipts, r => r.Items.SequenceEqual(["netid.identity"]));

        // What the forum keeps under these consents, until they are withdrawn.
        await Expect(me.Kept("netid_name")).ToHaveTextAsync(persona.Name);
        await Expect(me.Kept("netid_id_number")).ToHaveTextAsync(persona.IdNumber);
        await Expect(me.Kept("netid_masked_name")).ToHaveTextAsync(persona.MaskedName);
        await Expect(me.Kept("netid_age_band")).ToHaveTextAsync("adult");
        Assert.DoesNotContain(persona.Phone, await journey.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("face-mismatch")]
    public async Task SeparateConsent_Refused_LoginCompletesAndNoNameOrIdNumberReachesTheForum()
    {
        sandbox.WriteDatabaseNote();
        var persona = PersonaIdentity.Get("face-mismatch");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync(persona.Id);

        // The age band granted, the separate consent refused: the two decisions stay apart.
        await journey.ConsentAsync("netid.age");
        await journey.SeparateConsentAsync(agree: false);
        var me = await journey.AtForumMeAsync();

        await Expect(journey.Page.Locator("[data-summary=verified]")).ToHaveTextAsync("通过 Passed");
        await Expect(me.IdToken("netid_result")).ToHaveTextAsync("pass");
        await Expect(me.IdToken("netid_age_band")).ToHaveTextAsync("adult");
        foreach (var claim in new[] { "netid_name", "netid_id_type", "netid_id_number", "netid_masked_name", "netid_masked_id_number" })
        {
            await Expect(me.IdToken(claim)).ToHaveCountAsync(0);
            await Expect(me.UserInfo(claim)).ToHaveCountAsync(0);
            await Expect(me.Kept(claim)).ToHaveCountAsync(0);
        }

        var receipt = Assert.Single(await me.ReceiptsAsync());
        Assert.Equal(["netid.age"], receipt.Items);

        // Not on the page at all, not even in its HTML.
        await me.AssertNoPlaintextOfAsync(persona);
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }
}
