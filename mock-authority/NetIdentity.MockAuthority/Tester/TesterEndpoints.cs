using NetIdentity.MockAuthority.Faults;
using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Realname;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Tester;

/// <summary>
/// The tester API (docs/mock-authority.md): unsigned, for scripts and tests. It exists only
/// because the whole service refuses to run in Production.
/// </summary>
internal static class TesterEndpoints
{
    private const int MaxFaultDelayMs = 60_000;

    public static void MapTester(this IEndpointRouteBuilder tester)
    {
        tester.MapGet("/personas", (PersonaCatalog personas, MockAuthorityOptions options, TimeProvider time) =>
            TypedResults.Ok(personas.All.Select(p => PersonaView.From(p, time.GetUtcNow(), options.SlowDelayMs)).ToList()));

        tester.MapGet("/sessions", (SessionStore store, OrganisationRegistry organisations, TimeProvider time) =>
            TypedResults.Ok(store.Pending(time.GetUtcNow()).Select(s => new PendingSessionView(
                s.BizSeq, s.OrgId, organisations.Find(s.OrgId)?.DisplayName ?? s.OrgId, s.PlatformName, s.Mode.ToString(), s.Attributes, s.IdentityRequested, s.CreatedAt, s.ExpiresAt)).ToList()));

        tester.MapPost("/sessions/{bizSeq}/approve", (string bizSeq, ApproveRequest request, SessionAnswering answering) =>
        {
            if (request.Identity is not (null or "confirm" or "decline") || !Approval.TryParseChannel(request.Channel, out var channel))
            {
                return TesterErrors.Malformed.ToResult();
            }

            var approval = new Approval(request.Persona, request.Password, request.Face, request.MatchCode, request.Identity != "decline", channel);
            var answer = answering.Approve(bizSeq, approval);
            return answer.Succeeded ? TypedResults.Ok(AnswerView.From(bizSeq, answer.Value)) : answer.Error.ToResult();
        });

        tester.MapPost("/sessions/{bizSeq}/deny", (string bizSeq, SessionAnswering answering) =>
        {
            var answer = answering.Deny(bizSeq);
            return answer.Succeeded ? TypedResults.Ok(AnswerView.From(bizSeq, answer.Value)) : answer.Error.ToResult();
        });

        tester.MapGet("/otp/{phone}", (string phone, OtpOutbox outbox) =>
            outbox.Last(phone) is { } sent ? TypedResults.Ok(sent) : TesterErrors.NotFound.ToResult());

        tester.MapGet("/faults", (FaultState faults) => TypedResults.Ok(faults.Current));
        tester.MapPost("/faults", SetFaults);
        tester.MapDelete("/faults", (FaultState faults, ILogger<FaultState> logger) =>
        {
            faults.Current = FaultSettings.None;
            Log.FaultsChanged(logger, false, 0);
            return TypedResults.Ok(faults.Current);
        });

        tester.MapPost("/organisations", Register);
    }

    private static IResult SetFaults(FaultRequest? request, FaultState faults, ILogger<FaultState> logger)
    {
        if (request is null || request.DelayMs is < 0 or > MaxFaultDelayMs)
        {
            return TesterErrors.Malformed.ToResult();
        }

        faults.Current = new FaultSettings(request.Outage, request.DelayMs);
        Log.FaultsChanged(logger, request.Outage, request.DelayMs);
        return TypedResults.Ok(faults.Current);
    }

    private static IResult Register(OrganisationRequest request, OrganisationRegistry organisations, ILogger<OrganisationRegistry> logger)
    {
        var organisation = OrganisationRegistry.TryCreate(
            request.OrgId, request.DisplayName, request.AppIds, request.PublicKeyPem, request.AllowedAttributes, request.PlaintextEntitled, out var problem);
        if (organisation is null)
        {
            return TesterErrors.Malformed.ToResult(problem);
        }

        var added = organisations.Register(organisation);
        Log.OrganisationRegistered(logger, organisation.OrgId, organisation.PlaintextEntitled);
        var view = OrganisationView.From(organisation);
        return added ? TypedResults.Created($"/tester/organisations/{organisation.OrgId}", view) : TypedResults.Ok(view);
    }
}
