using NetIdentity.Authority;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Login;

/// <summary>
/// A child under 14 (PIPL Art. 28, 31; PRODUCT rule 5): after the child verifies, a guardian
/// verifies too (either way, in a login of their own), the authority confirms the guardianship,
/// and only then may the guardian consent. Failure or refusal ends the child's login.
/// </summary>
public sealed partial class GuardianFlow(INationalAuthority authority, TimeProvider time, ILogger<GuardianFlow> logger)
{
    /// <summary>The least a guardian verifies at (docs/minors.md).</summary>
    public const AssuranceLevel GuardianMinimumLevel = AssuranceLevel.Level2;

    /// <summary>Opens the guardian's own verification; returns the child's login and the guardian's.</summary>
    public (LoginTransaction Child, LoginTransaction Guardian) Start(LoginTransaction child, PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(platform);
        var requestId = child.GuardianshipRequestId ?? Identifiers.NewRequestId();
        var id = LoginTransactionStore.NewId();

        // A guardian verifies at level 2 or higher, whatever the platform's minimum: a guardian's
        // consent is what PIPL Art. 31 rests on, and name, ID number and a phone within the
        // child's reach must not be enough to give it (issue 8 §2).
        var level = (AssuranceLevel)Math.Max((int)PlatformCatalog.MinimumLevel(platform), (int)GuardianMinimumLevel);
        var guardian = new LoginTransaction
        {
            Id = id,
            ClientId = child.ClientId,
            ReturnUrl = Oidc.LoginPaths.GuardianComplete(child.Id, id),
            CreatedAt = time.GetUtcNow(),
            RequiredLevel = level,
            RequiredMode = PlatformCatalog.ModeFor(platform, level),
            GuardianFor = child.Id,
            GuardianshipRequestId = requestId,
        };
        return (child with { GuardianshipRequestId = requestId }, guardian);
    }

    /// <summary>Confirms the guardianship with the authority once the guardian has verified.</summary>
    public async Task<(LoginTransaction Child, LoginError? Error)> ConfirmAsync(LoginTransaction child, LoginTransaction guardian, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(guardian);
        if (guardian.State != LoginState.Verified || guardian.GuardianFor != child.Id || guardian.Level is not { } level || level < GuardianMinimumLevel)
        {
            return (child, LoginErrors.GuardianNotVerified);
        }

        if (guardian.PersonKey == child.PersonKey || Reference(child) is not { } childRef || Reference(guardian) is not { } guardianRef)
        {
            return (child, LoginErrors.NotGuardian);
        }

        bool isGuardian;
        try
        {
            isGuardian = await authority.IsGuardianAsync(childRef, guardianRef, cancellationToken);
        }
        catch (AuthorityException e)
        {
            Log.GuardianshipCheckFailed(logger, child.ClientId, e.Failure.ToString());
            return (child, e.Failure == AuthorityFailure.Timeout ? LoginErrors.AuthorityTimeout : LoginErrors.AuthorityUnavailable);
        }

        Log.GuardianshipChecked(logger, child.ClientId, isGuardian);
        return isGuardian
            ? (child with { GuardianPersonKey = guardian.PersonKey, GuardianSubject = guardian.Subject }, null)
            : (child, LoginErrors.NotGuardian);
    }

    private static SubjectReference? Reference(LoginTransaction transaction) =>
        transaction.AppScopedId is { } appScopedId ? SubjectReference.ForAppScopedId(appScopedId)
        : transaction.SealedDocument is { } sealedDocument && transaction.GuardianshipRequestId is { } requestId ? SubjectReference.ForSealedDocument(sealedDocument, requestId)
        : null;
}
