using System.Text.Json;
using NetIdentity.DemoPlatform.Claims;

namespace NetIdentity.DemoPlatform.IntegrationTests.Claims;

/// <summary>What of the userinfo answer the session cookie keeps (unit level): never the plaintext identity, receipts summarised.</summary>
public sealed class SessionUserInfoTests
{
    private const string Receipt =
        "eyJhbGciOiJFUzI1NiIsInR5cCI6ImNvbnNlbnQtcmVjZWlwdCtqd3QifQ." +
        "eyJqdGkiOiJjMSIsImlhdCI6MTc5NTAwMDAwMCwiY29uc2VudCI6eyJkZWNpc2lvbiI6ImdyYW50ZWQiLCJpdGVtcyI6WyJuZXRpZC5pZGVudGl0eSJdfX0." +
        "c2lnbmF0dXJl";

    [Fact]
    public void From_OfAnAnswerWithPlaintextAndReceipts_KeepsTheNamesOnlyAndSummarisesTheReceipts()
    {
        using var userInfo = JsonDocument.Parse($$"""
            {"sub":"s","netid_result":"pass","netid_age_band":"adult","netid_name":"张三","netid_id_type":"resident_id",
             "netid_id_number":"110105194912310021","netid_consent_receipts":["{{Receipt}}"]}
            """);

        var kept = SessionUserInfo.From(userInfo.RootElement);

        Assert.Equal(
            """{"sub":"s","netid_result":"pass","netid_age_band":"adult","netid_name":null,"netid_id_type":null,"netid_id_number":null,"netid_consent_receipts":[{"jti":"c1","items":["netid.identity"],"decision":"granted","iat":1795000000}]}""",
            kept);
        Assert.Same(kept, SessionUserInfo.Scrub(kept));
    }

    [Fact]
    public void Scrub_OfAnAnswerKeptWhole_RemovesThePlaintext()
    {
        const string Whole = """{"sub":"s","netid_name":"张三","netid_id_number":"110105194912310021"}""";

        Assert.Equal("""{"sub":"s","netid_name":null,"netid_id_number":null}""", SessionUserInfo.Scrub(Whole));
        Assert.Null(SessionUserInfo.Scrub("not json"));
        Assert.Null(SessionUserInfo.Scrub("[]"));
    }

    [Fact]
    public void From_OfAnAnswerWithPlaintextInVerifiedClaims_NullsItThereToo()
    {
        const string Whole = """{"sub":"s","verified_claims":{"verification":{"trust_framework":"urn:netidentity:tf:cn_real_identity"},"claims":{"netid_age_band":"adult","netid_name":"张三","netid_id_number":"110105194912310021"}}}""";
        using var userInfo = JsonDocument.Parse(Whole);

        var kept = SessionUserInfo.From(userInfo.RootElement);

        Assert.Equal(
            """{"sub":"s","verified_claims":{"verification":{"trust_framework":"urn:netidentity:tf:cn_real_identity"},"claims":{"netid_age_band":"adult","netid_name":null,"netid_id_number":null}}}""",
            kept);
        Assert.Same(kept, SessionUserInfo.Scrub(kept));
        Assert.Equal(kept, SessionUserInfo.Scrub(Whole));
    }

    [Fact]
    public void ReceiptSummary_OfSomethingNotAReceipt_IsUnreadable()
    {
        using var receipts = JsonDocument.Parse("""["not a jwt", "a.b.c", 42]""");

        Assert.All(ReceiptSummary.From(receipts.RootElement), summary => Assert.False(summary.Readable));
    }
}
