using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NetIdentity.Authority.Tests.Infrastructure;
using NetIdentity.Core.Verification;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority.Tests;

/// <summary>What the adapter puts on the wire (authority-contract §1.1, §1.4, and each method's section).</summary>
public sealed class RequestTests : IClassFixture<TestKeys>, IDisposable
{
    private readonly AuthorityHarness _harness;

    public RequestTests(TestKeys keys)
    {
        _harness = new AuthorityHarness(keys);
        ContractAuthority.Install(_harness);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Request_EachMethod_PostsJsonToContractPath(string path)
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct);

        var request = Assert.Single(_harness.Server.LogEntries).RequestMessage!;
        Assert.Equal(path, request.Path);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", MediaTypeHeaderValue.Parse(AuthorityHarness.Header(request, "Content-Type")!).MediaType);
    }

    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Request_EachMethod_NamesOrganisationInHeader(string path)
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct);

        Assert.Equal(Sample.OrgId, AuthorityHarness.Header(_harness.SingleReceived(path), "X-NetId-Org"));
    }

    // §1.1: base64 SM2-SM3 signature by the organisation key over the exact request body bytes.
    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Request_EachMethod_SignatureVerifiesOverExactBodyBytes(string path)
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct);

        var request = _harness.SingleReceived(path);
        var signature = Convert.FromBase64String(AuthorityHarness.Header(request, "X-NetId-Signature")!);
        Assert.True(_harness.Keys.Organisation.PublicKey.Verify(AuthorityHarness.RawBody(request), signature));
    }

    // §1.1: every body carries orgId, appId and an RFC 3339 UTC timestamp (§1, conventions).
    [Theory]
    [MemberData(nameof(Paths.All), MemberType = typeof(Paths))]
    public async Task Request_EachMethod_BodyCarriesOrgAppAndTimestamp(string path)
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(path));
        Assert.Equal(Sample.OrgId, body.GetProperty("orgId").GetString());
        Assert.Equal(Sample.AppId, body.GetProperty("appId").GetString());
        Assert.Equal(Sample.NowText, body.GetProperty("timestamp").GetString());
    }

    // §1: field names are camelCase; the body has the contract's fields and nothing else.
    [Theory]
    [InlineData(Paths.Sessions, "orgId,appId,timestamp,bizSeq,mode,attributes,platformName,matchCode")]
    [InlineData(Paths.Credentials, "orgId,appId,timestamp,bizSeq")]
    [InlineData(Paths.Identity, "orgId,appId,timestamp,bizSeq,consentId,fields")]
    [InlineData(Paths.Guardianships, "orgId,appId,timestamp,requestId,child,guardian")]
    [InlineData(Paths.RealName, "orgId,appId,timestamp,requestId,identityEnvelope")]
    [InlineData(Paths.RealNameOtp, "orgId,appId,timestamp,requestId,code")]
    [InlineData(Paths.RealNameFace, "orgId,appId,timestamp,requestId,faceSample")]
    public async Task Request_EachMethod_HasExactlyTheContractFields(string path, string fields)
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, path, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(path));
        Assert.Equal(fields.Split(',').Order(StringComparer.Ordinal), body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenSession_Body_CarriesBizSeqModeAndAttributes()
    {
        await _harness.Authority.OpenSessionAsync(new SessionRequest(Sample.BizSeq, VerificationMode.R04, ["ageBand", "gender"], Sample.PlatformName, Sample.MatchCode), Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Sessions));
        Assert.Equal(Sample.BizSeq, body.GetProperty("bizSeq").GetString());
        Assert.Equal("R04", body.GetProperty("mode").GetString());
        Assert.Equal(["ageBand", "gender"], body.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()));
    }

    // §3: attributes is optional; none asked means none sent.
    [Fact]
    public async Task OpenSession_NoAttributes_OmitsAttributes()
    {
        await _harness.Authority.OpenSessionAsync(new SessionRequest(Sample.BizSeq, VerificationMode.R01, [], Sample.PlatformName, Sample.MatchCode), Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Sessions));
        Assert.False(body.TryGetProperty("attributes", out _));
    }

    [Fact]
    public async Task QueryCredential_Body_CarriesBizSeq()
    {
        await _harness.Authority.QueryCredentialAsync(Sample.BizSeq, Ct);

        Assert.Equal(Sample.BizSeq, AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Credentials)).GetProperty("bizSeq").GetString());
    }

    // §4: the caller states the consent it recorded and the fields it asks for.
    [Fact]
    public async Task QueryIdentity_Body_CarriesBizSeqConsentAndFields()
    {
        await _harness.Authority.QueryIdentityAsync(new IdentityRequest(Sample.BizSeq, Sample.ConsentId, ["name", "idNumber"]), Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Identity));
        Assert.Equal(Sample.BizSeq, body.GetProperty("bizSeq").GetString());
        Assert.Equal(Sample.ConsentId, body.GetProperty("consentId").GetString());
        Assert.Equal(["name", "idNumber"], body.GetProperty("fields").EnumerateArray().Select(a => a.GetString()));
    }

    // §6: a subject known by its 网络身份应用标识 is sent as { "appScopedId" } only.
    [Fact]
    public async Task IsGuardian_AppScopedReference_SentAsAppScopedIdOnly()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);

        var child = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Guardianships)).GetProperty("child");
        Assert.Equal(["appScopedId"], child.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Sample.ChildAppScopedId, child.GetProperty("appScopedId").GetString());
    }

    // §1: requestId is 32 letters or digits, made by the caller.
    [Fact]
    public async Task IsGuardian_RequestId_HasContractShape()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);

        var requestId = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Guardianships)).GetProperty("requestId").GetString();
        Assert.Matches("^[A-Za-z0-9]{32}$", requestId);
    }

    [Fact]
    public async Task IsGuardian_TwoChecks_UseDifferentRequestIds()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);

        var ids = _harness.Received(Paths.Guardianships).Select(r => AuthorityHarness.BodyOf(r).GetProperty("requestId").GetString()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.NotEqual(ids[0], ids[1]);
    }

    // §6: a document subject is an envelope to the authority's enc key, associated data the requestId.
    [Fact]
    public async Task IsGuardian_DocumentReference_OpensWithAuthorityKeyToSubmittedDocument()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.Guardianships));
        var guardian = body.GetProperty("guardian");
        Assert.Equal(["identityEnvelope"], guardian.EnumerateObject().Select(p => p.Name));
        var opened = OpenForAuthority(guardian.GetProperty("identityEnvelope").GetString()!, body.GetProperty("requestId").GetString()!);
        Assert.Equal(Sample.IdType, opened.GetProperty("idType").GetString());
        Assert.Equal(Sample.IdNumber, opened.GetProperty("idNumber").GetString());
    }

    // PRODUCT rule 7: plaintext identity travels only sealed.
    [Fact]
    public async Task IsGuardian_DocumentReference_NumberNotInRawBody()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.Guardianships, Ct);

        var raw = Encoding.UTF8.GetString(AuthorityHarness.RawBody(_harness.SingleReceived(Paths.Guardianships)));
        Assert.DoesNotContain(Sample.IdNumber, raw, StringComparison.OrdinalIgnoreCase);
    }

    // §7: the envelope to the authority's enc key, associated data the requestId, holds name, idType, idNumber and phone.
    [Fact]
    public async Task StartRealName_Envelope_OpensWithAuthorityKeyToSubmittedFields()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.RealName, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.RealName));
        Assert.Equal(Sample.RequestId, body.GetProperty("requestId").GetString());
        var opened = OpenForAuthority(body.GetProperty("identityEnvelope").GetString()!, Sample.RequestId);
        Assert.Equal(Sample.Name, opened.GetProperty("name").GetString());
        Assert.Equal(Sample.IdType, opened.GetProperty("idType").GetString());
        Assert.Equal(Sample.IdNumber, opened.GetProperty("idNumber").GetString());
        Assert.Equal(Sample.Phone, opened.GetProperty("phone").GetString());
    }

    // PRODUCT rule 7; checks the name both as UTF-8 and as a JSON \u escape.
    [Fact]
    public async Task StartRealName_RawBody_HoldsNoPlaintextIdentity()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.RealName, Ct);

        var raw = Encoding.UTF8.GetString(AuthorityHarness.RawBody(_harness.SingleReceived(Paths.RealName)));
        Assert.DoesNotContain(Sample.Name, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(Sample.Name).Trim('"'), raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Sample.IdNumber, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Sample.Phone, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyRealNameCode_Body_CarriesRequestIdAndCode()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.RealNameOtp, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.RealNameOtp));
        Assert.Equal(Sample.RequestId, body.GetProperty("requestId").GetString());
        Assert.Equal(Sample.OtpCode, body.GetProperty("code").GetString());
    }

    // §7: faceSample is base64.
    [Fact]
    public async Task VerifyRealNameFace_Body_CarriesBase64FaceSample()
    {
        await AuthorityCalls.InvokeAsync(_harness.Authority, Paths.RealNameFace, Ct);

        var body = AuthorityHarness.BodyOf(_harness.SingleReceived(Paths.RealNameFace));
        Assert.Equal(Sample.RequestId, body.GetProperty("requestId").GetString());
        Assert.Equal(Sample.FaceSample, Convert.FromBase64String(body.GetProperty("faceSample").GetString()!));
    }

    private JsonElement OpenForAuthority(string envelope, string requestId)
    {
        var plaintext = Sm2Envelope.Open(_harness.Keys.AuthorityEncryption, Base64Url.DecodeFromChars(envelope), Encoding.ASCII.GetBytes(requestId));
        using var document = JsonDocument.Parse(plaintext);
        return document.RootElement.Clone();
    }
}
