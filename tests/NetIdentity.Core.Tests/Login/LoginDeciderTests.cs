using NetIdentity.Core.Consent;
using NetIdentity.Core.Login;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests.Login;

/// <summary>The one place that says what comes next in a login (issue 8 §5).</summary>
public sealed class LoginDeciderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(LoginState.Choosing, LoginStep.ChooseMethod)]
    [InlineData(LoginState.AwaitingApp, LoginStep.AwaitApp)]
    [InlineData(LoginState.AwaitingCode, LoginStep.EnterCode)]
    [InlineData(LoginState.AwaitingFace, LoginStep.FaceCheck)]
    [InlineData(LoginState.Failed, LoginStep.Failed)]
    [InlineData(LoginState.Completed, LoginStep.Done)]
    public void Next_BeforeOrAfterVerification_FollowsTheState(LoginState state, LoginStep expected)
    {
        Assert.Equal(expected, LoginDecider.Next(Login() with { State = state }));
    }

    [Fact]
    public void Next_InAStateThisVersionDoesNotKnow_FailsClosed()
    {
        Assert.Equal(LoginStep.Failed, LoginDecider.Next(Login() with { State = (LoginState)99 }));
    }

    [Fact]
    public void Next_VerifiedWithNothingToAsk_Releases()
    {
        Assert.Equal(LoginStep.Release, LoginDecider.Next(Verified()));
    }

    [Fact]
    public void Next_VerifiedWithConsentsSettled_IssuesTheCode()
    {
        Assert.Equal(LoginStep.IssueCode, LoginDecider.Next(Verified() with { ConsentComplete = true }));
    }

    [Fact]
    public void Next_WhenOrdinaryAndSeparateConsentAreBothAsked_AsksTheOrdinaryFirst()
    {
        var login = Verified() with { RequestedItems = [ConsentItem.Identity, ConsentItem.AgeBand] };

        Assert.Equal(LoginStep.Consent, LoginDecider.Next(login));
    }

    [Fact]
    public void Next_AfterTheOrdinaryConsent_AsksTheSeparateConsentOnItsOwnScreen()
    {
        var login = Verified() with { RequestedItems = [ConsentItem.Identity, ConsentItem.AgeBand], DecidedItems = [ConsentItem.AgeBand] };

        Assert.Equal(LoginStep.IdentityConsent, LoginDecider.Next(login));
    }

    [Fact]
    public void Next_AfterEveryConsent_Releases()
    {
        var login = Verified() with { RequestedItems = [ConsentItem.Identity, ConsentItem.AgeBand], DecidedItems = [ConsentItem.AgeBand, ConsentItem.Identity] };

        Assert.Equal(LoginStep.Release, LoginDecider.Next(login));
    }

    [Fact]
    public void Next_ForAChildUnder14WithoutAGuardian_FindsTheGuardianBeforeAnyConsent()
    {
        var child = Verified() with { AgeBand = AgeBand.Under14, RequestedItems = [ConsentItem.AgeBand], ConsentComplete = true };

        Assert.Equal(LoginStep.FindGuardian, LoginDecider.Next(child));
    }

    [Fact]
    public void Next_ForAChildWhoseGuardianIsConfirmed_AsksTheGuardian()
    {
        var child = Verified() with { AgeBand = AgeBand.Under14, GuardianPersonKey = "guardian-key" };

        Assert.Equal(LoginStep.GuardianConsent, LoginDecider.Next(child));
    }

    [Fact]
    public void Next_ForAChildAfterTheGuardianConsented_GoesOnToRelease()
    {
        var child = Verified() with { AgeBand = AgeBand.Under14, GuardianPersonKey = "guardian-key", GuardianConsentedAt = Noon };

        Assert.Equal(LoginStep.Release, LoginDecider.Next(child));
    }

    [Fact]
    public void Next_ForAGuardiansOwnLoginUnder14_DoesNotAskForAGuardianOfTheGuardian()
    {
        var guardian = Verified() with { AgeBand = AgeBand.Under14, GuardianFor = "child-login" };

        Assert.Equal(LoginStep.Release, LoginDecider.Next(guardian));
    }

    [Fact]
    public void Next_ForAFailedChild_IsFailedWhateverTheGuardianFields()
    {
        var child = Verified() with { State = LoginState.Failed, AgeBand = AgeBand.Under14, GuardianPersonKey = "guardian-key" };

        Assert.Equal(LoginStep.Failed, LoginDecider.Next(child));
    }

    [Fact]
    public void UndecidedOrdinary_NamesOnlyItemsAskedAndNotDecided_NeverIdentity()
    {
        var login = Verified() with
        {
            RequestedItems = [ConsentItem.AgeBand, ConsentItem.MaskedIdentity, ConsentItem.Identity],
            DecidedItems = [ConsentItem.AgeBand],
        };

        Assert.Equal([ConsentItem.MaskedIdentity], LoginDecider.UndecidedOrdinary(login));
    }

    private static LoginTransaction Verified() => Login() with
    {
        State = LoginState.Verified,
        Subject = "subject",
        PersonKey = "person",
        Level = AssuranceLevel.Level1,
        AuthTime = Noon,
    };

    private static LoginTransaction Login() => new()
    {
        Id = "AAAAAAAAAAAAAAAAAAAAAA",
        ClientId = "platform-a",
        ReturnUrl = "/connect/authorize?client_id=platform-a",
        CreatedAt = Noon,
        RequiredLevel = AssuranceLevel.Level1,
        RequiredMode = VerificationMode.R01,
    };
}
