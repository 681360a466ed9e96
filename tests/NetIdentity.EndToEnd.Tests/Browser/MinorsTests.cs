using System.Text.RegularExpressions;
using NetIdentity.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// Minors at the demo forum (docs/minors.md, PRODUCT rule 5): a child under 14 completes only
/// after a guardian verifies in a login of their own, the authority confirms the guardianship,
/// and the guardian consents (PIPL Art. 31); a refusing guardian, or someone who is not the
/// guardian, ends the login with access_denied. A minor of 14–17 is flagged in the default
/// release without any consent. Both ways: 网号/网证 and the other lawful way.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed partial class MinorsTests(SandboxFixture sandbox, ChromiumFixture chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("child-under-14", "guardian")]
    public async Task ChildUnder14_GuardianVerifiesAndConsents_ForumGetsTheMinorFlagAndTheGuardianClaims()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync("child-under-14");

        await journey.HandToGuardianAsync();
        await journey.VerifyWithNationalAppAsync("guardian");
        await journey.AtGuardianConsentPageAsync();
        await journey.DecideGuardianConsentAsync(agree: true, "netid.age");

        // Plaintext asked for: its separate screen comes next, decided by the guardian (refused here).
        await journey.SeparateConsentAsync(agree: false, byGuardian: true);
        var me = await journey.AtForumMeAsync();

        var childSubject = await me.SubjectAsync();
        foreach (var source in new[] { "id_token", "userinfo" })
        {
            await Expect(me.Received(source, "netid_minor")).ToHaveTextAsync("true");
            await Expect(me.Received(source, "netid_age_band")).ToHaveTextAsync("under_14");
            await Expect(me.Received(source, "netid_guardian_sub")).ToHaveTextAsync(PairwiseSubject());
            await Expect(me.Received(source, "netid_guardian_consented_at")).ToHaveTextAsync(EpochSeconds());
            await Expect(me.Received(source, "netid_masked_name")).ToHaveCountAsync(0);
        }

        // The guardian's pairwise subject for this forum: what the guardian's own login here gets.
        var guardianSubject = await me.IdToken("netid_guardian_sub").InnerTextAsync();
        Assert.NotEqual(childSubject, guardianSubject);
        var guardianLogin = await IndependentClient.LoginAsync(sandbox, "guardian", Ct);
        Assert.Equal(guardianLogin.Subject, guardianSubject);

        await me.AssertNoPlaintextOfAsync(PersonaIdentity.Get("child-under-14"));
        await me.AssertNoPlaintextOfAsync(PersonaIdentity.Get("guardian"));
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("child-under-14", "adult")]
    public async Task ChildUnder14_SomeoneWhoIsNotTheGuardianVerifies_ForumGetsAccessDeniedNI1502()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync("child-under-14");

        await journey.HandToGuardianAsync();
        await journey.VerifyWithNationalAppAsync("adult");

        await journey.AtFailedPageAsync("NI1502", "监护关系核验未通过，本次登录已结束。");
        await journey.ReturnToForumWithErrorAsync("NI1502");
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("child-under-14", "guardian")]
    public async Task ChildUnder14_GuardianRefuses_ForumGetsAccessDeniedNI1501()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync("child-under-14");

        await journey.HandToGuardianAsync();
        await journey.VerifyWithNationalAppAsync("guardian");
        await journey.AtGuardianConsentPageAsync();
        await journey.DecideGuardianConsentAsync(agree: false);

        await journey.AtFailedPageAsync("NI1501", "监护人未同意，本次登录已结束。");
        await journey.ReturnToForumWithErrorAsync("NI1501");
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("minor-14-17")]
    public async Task Minor14To17_RefusesEveryConsent_ForumStillGetsTheMinorFlag()
    {
        sandbox.WriteDatabaseNote();
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyWithNationalAppAsync("minor-14-17");
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: false);
        var me = await journey.AtForumMeAsync();

        await ExpectMinorFlagOnlyAsync(me);
        await me.AssertNoPlaintextOfAsync(PersonaIdentity.Get("minor-14-17"));
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("other-child", "other-guardian")]
    public async Task OtherChild_OtherGuardianVerifiesAnotherWayAndConsents_LoginCompletes()
    {
        sandbox.WriteDatabaseNote();
        var child = PersonaIdentity.Get("other-child");
        var guardian = PersonaIdentity.Get("other-guardian");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyAnotherWayAsync(child);

        await journey.HandToGuardianAsync();
        await journey.VerifyAnotherWayAsync(guardian);

        // A guardian verifies at level 2 or higher, whatever the platform needs of the child: the
        // other way has no knowledge factor, so the guardian takes the face step (docs/minors.md).
        await journey.AtFaceStepAndSendPhotoAsync();
        await journey.AtGuardianConsentPageAsync();
        await journey.DecideGuardianConsentAsync(agree: true, "netid.age");
        await journey.SeparateConsentAsync(agree: false, byGuardian: true);
        var me = await journey.AtForumMeAsync();

        await Expect(me.IdToken("acr")).ToHaveTextAsync("urn:netidentity:acr:level1");
        await Expect(me.IdToken("netid_result")).ToHaveTextAsync("pass");
        foreach (var source in new[] { "id_token", "userinfo" })
        {
            await Expect(me.Received(source, "netid_minor")).ToHaveTextAsync("true");
            await Expect(me.Received(source, "netid_age_band")).ToHaveTextAsync("under_14");
            await Expect(me.Received(source, "netid_guardian_sub")).ToHaveTextAsync(PairwiseSubject());
        }

        await me.AssertNoPlaintextOfAsync(child);
        await me.AssertNoPlaintextOfAsync(guardian);
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("other-minor")]
    public async Task OtherMinor_VerifiesAnotherWayAndRefusesEveryConsent_ForumStillGetsTheMinorFlag()
    {
        sandbox.WriteDatabaseNote();
        var persona = PersonaIdentity.Get("other-minor");
        await using var journey = await LoginJourney.OpenAsync(sandbox, chromium);
        await journey.OpenMethodPageFromForumAsync();
        await journey.VerifyAnotherWayAsync(persona);
        await journey.ConsentAsync();
        await journey.SeparateConsentAsync(agree: false);
        var me = await journey.AtForumMeAsync();

        await ExpectMinorFlagOnlyAsync(me);
        await me.AssertNoPlaintextOfAsync(persona);
        Assert.Empty(journey.ScriptErrors);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    /// <summary>
    /// The default release plus <c>netid_minor: true</c> (docs/minors.md: the one age fact that
    /// does not wait for consent), and not the band itself.
    /// </summary>
    private static async Task ExpectMinorFlagOnlyAsync(ForumMe me)
    {
        Assert.Equal([.. DocumentedClaims.ForumIdToken.Append("netid_minor").Order(StringComparer.Ordinal)], await me.ClaimNamesAsync("id_token"));
        Assert.Equal([.. DocumentedClaims.UserInfo.Append("netid_minor").Order(StringComparer.Ordinal)], await me.ClaimNamesAsync("userinfo"));
        await Expect(me.IdToken("netid_minor")).ToHaveTextAsync("true");
        await Expect(me.UserInfo("netid_minor")).ToHaveTextAsync("true");
        await Expect(me.IdToken("netid_result")).ToHaveTextAsync("pass");
    }

    /// <summary>docs/claims.md: base64url of an HMAC-SM3, 43 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex PairwiseSubject();

    [GeneratedRegex("^[0-9]{10}")]
    private static partial Regex EpochSeconds();
}
