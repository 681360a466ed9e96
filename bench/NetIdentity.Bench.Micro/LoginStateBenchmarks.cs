using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using NetIdentity.Broker.Login;
using NetIdentity.Core.Login;

namespace NetIdentity.Bench.Micro;

/// <summary>
/// One transition of a login as <c>LoginTransactionStore</c> performs it, without the SQL: open
/// and read the stored login, ask the decider, move it on, seal it again. Against the same with
/// Data Protection (AES-256-CBC + HMAC-SHA256, a key derivation per payload), which sealed the
/// login state until issue 10's tenth round: the baseline of the ratio.
/// </summary>
[MemoryDiagnoser]
public class LoginStateBenchmarks
{
    private readonly LoginTransaction awaiting = Fixtures.AwaitingApp();
    private readonly IDataProtector protector = new EphemeralDataProtectionProvider().CreateProtector("NetIdentity.Broker.LoginState.v2");
    private readonly string reference = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    private string protectedPayload = string.Empty;
    private string sealedPayload = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        protectedPayload = protector.Protect(JsonSerializer.Serialize(awaiting, LoginTransactionJson.Default.LoginTransaction));
        sealedPayload = LoginStateSeal.Seal(
            LoginStateSeal.KeyFor(reference),
            JsonSerializer.SerializeToUtf8Bytes(awaiting, LoginTransactionJson.Default.LoginTransaction),
            awaiting.Id,
            awaiting.ClientId,
            awaiting.Version);
    }

    [Benchmark(Baseline = true)]
    public string TransitionWithDataProtection()
    {
        var login = JsonSerializer.Deserialize(protector.Unprotect(protectedPayload), LoginTransactionJson.Default.LoginTransaction)!;
        var next = Advance(login with { Version = awaiting.Version });
        return protector.Protect(JsonSerializer.Serialize(next, LoginTransactionJson.Default.LoginTransaction));
    }

    /// <summary>The key is derived from the cookie's reference once per request, as the store does.</summary>
    [Benchmark]
    public string TransitionSealed()
    {
        var key = LoginStateSeal.KeyFor(reference);
        var json = LoginStateSeal.Open(key, sealedPayload, awaiting.Id, awaiting.ClientId, awaiting.Version)
            ?? throw new InvalidOperationException("The sealed login did not open.");
        var login = JsonSerializer.Deserialize(json, LoginTransactionJson.Default.LoginTransaction)! with { Version = awaiting.Version };
        var next = Advance(login);
        return LoginStateSeal.Seal(key, JsonSerializer.SerializeToUtf8Bytes(next, LoginTransactionJson.Default.LoginTransaction), next.Id, next.ClientId, next.Version);
    }

    private static LoginTransaction Advance(LoginTransaction login) =>
        LoginDecider.Next(login) == LoginStep.AwaitApp
            ? login with { LastPolledAt = Fixtures.Now, Polls = login.Polls + 1, Version = login.Version + 1 }
            : login;
}
