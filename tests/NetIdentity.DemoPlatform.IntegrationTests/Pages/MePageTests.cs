using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

namespace NetIdentity.DemoPlatform.IntegrationTests.Pages;

/// <summary>
/// A login through the forum's real OpenID Connect handler, then <c>/me</c>: the plaintext
/// identity released under separate consent is kept only in the kept-data store, never in the
/// session cookie, and shown from the store, so a withdrawal takes it off the page; the receipts
/// are shown by id and items; "what we did NOT receive" says what this login did not bring.
/// </summary>
public sealed class MePageTests(ForumFixture fixture) : IClassFixture<ForumFixture>
{
    private const string Name = "欧阳娜娜";
    private const string IdType = "resident_id";
    private const string IdNumber = "11010520090101002X";
    private const string MaskedName = "欧阳**";
    private const string MaskedIdNumber = "1****************X";

    private static readonly string[] Plaintext = ["netid_id_number", "netid_id_type", "netid_name"];

    private FakeBroker Broker => fixture.Broker;

    private DemoPlatformHost Forum => fixture.Forum;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_WithSeparateConsent_KeepsThePlaintextInTheStoreAndNeverInTheSessionCookie()
    {
        var person = NewPerson();
        using var browser = new ForumBrowser(Forum);

        await browser.LoginAsync(Broker, person.Subject, person.UserInfo, person.IdTokenClaims);

        AssertNotIn(browser.SessionText(), Name, IdNumber, IdType, person.AgeAndMaskedReceipt, person.IdentityReceipt);

        using var kept = JsonDocument.Parse(browser.Session().Properties.Items[".forum.userinfo"]!);
        Assert.Equal(
            ["sub", "netid_result", "netid_verified_at", "netid_age_band", "netid_minor", "netid_masked_name", "netid_masked_id_number",
                "netid_name", "netid_id_type", "netid_id_number", "netid_consent_receipts"],
            kept.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(Plaintext, claim => Assert.Equal(JsonValueKind.Null, kept.RootElement.GetProperty(claim).ValueKind));
        Assert.Equal(
            [$"{person.AgeAndMaskedJti} netid.age netid.masked", $"{person.IdentityJti} netid.identity"],
            kept.RootElement.GetProperty("netid_consent_receipts").EnumerateArray()
                .Select(r => string.Join(' ', [r.GetProperty("jti").GetString(), .. r.GetProperty("items").EnumerateArray().Select(i => i.GetString())])));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["netid_age_band"] = "adult",
                ["netid_consent_receipts"] = JsonSerializer.Serialize(new[] { person.AgeAndMaskedReceipt, person.IdentityReceipt }),
                ["netid_id_number"] = IdNumber,
                ["netid_id_type"] = IdType,
                ["netid_masked_id_number"] = MaskedIdNumber,
                ["netid_masked_name"] = MaskedName,
                ["netid_minor"] = "false",
                ["netid_name"] = Name,
            },
            Forum.Kept.Find(person.Subject)!.Claims);
    }

    [Fact]
    public async Task Me_AfterSeparateConsent_ShowsThePlaintextFromTheKeptStoreAndTheReceiptsByIdAndItemsOnly()
    {
        var person = NewPerson();
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, person.Subject, person.UserInfo, person.IdTokenClaims);

        var page = await browser.PageAsync("/me");

        var userInfo = Html.Section(page, "data-claims=\"userinfo\"", "</table>");
        Assert.Contains($"<code>{Name}</code>", Html.Row(userInfo, "data-claim", "netid_name"), StringComparison.Ordinal);
        Assert.Contains($"<code>{IdNumber}</code>", Html.Row(userInfo, "data-claim", "netid_id_number"), StringComparison.Ordinal);
        Assert.Equal(["kept", "kept", "kept"], Plaintext.Select(c => Html.Values(Html.Row(userInfo, "data-claim", c), "data-claim-source").Single()));

        // The receipts: how many, each by jti and items, with a link to the signed receipt; never the JWT on the page.
        var receipts = Html.Row(userInfo, "data-claim", "netid_consent_receipts");
        Assert.Equal(["2"], Html.Values(receipts, "data-receipt-count"));
        Assert.Contains("2 signed receipts", receipts, StringComparison.Ordinal);
        Assert.Equal([person.AgeAndMaskedJti, person.IdentityJti], Html.Values(receipts, "data-receipt"));
        Assert.Equal(["netid.age netid.masked", "netid.identity"], Html.Values(receipts, "data-receipt-items"));
        Assert.DoesNotContain(person.AgeAndMaskedReceipt, page, StringComparison.Ordinal);
        Assert.DoesNotContain(person.IdentityReceipt, page, StringComparison.Ordinal);

        // Every claim explained.
        Assert.DoesNotContain("This page has no explanation", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"unknown\"", page, StringComparison.Ordinal);

        // What this login did not bring, and what it brought under consent: nothing to report.
        var box = Html.Section(page, "data-not-received", "</section>");
        Assert.Equal(["birthdate", "phone", "gender", "netid_number"], Html.Values(box, "data-not-received-item"));
        Assert.Equal(["name", "id_type", "id_number", "age_band", "masked_name", "masked_id_number"], Html.Values(box, "data-received-item"));
        Assert.Equal(["name", "id_type", "id_number"], Html.ValuesWhere(box, "data-received-item", "data-separate-consent", value => value == "true"));
        Assert.Equal(["netid.identity", "netid.identity", "netid.identity", "netid.age", "netid.masked", "netid.masked"], Html.Values(box, "data-consent-scope"));
        Assert.DoesNotContain("unexpected", box, StringComparison.Ordinal);
        Assert.DoesNotContain("Please report this", box, StringComparison.Ordinal);
        Assert.Equal(["false", "false", "false", "false", "false", "false"], Html.Values(box, "data-deleted"));
    }

    [Fact]
    public async Task Withdrawal_OfTheSeparateConsent_TakesThePlaintextOffMeEverywhereAndLeavesTheAgeBandAndMaskedValues()
    {
        var person = NewPerson();
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, person.Subject, person.UserInfo, person.IdTokenClaims);
        Assert.Contains(Name, await browser.PageAsync("/me"), StringComparison.Ordinal);
        var jti = FakeBroker.NewJti();

        using var push = await Forum.PushAsync(Broker.ConsentWithdrawnSet(
            person.Subject, DemoPlatformHost.ClientId, jti, scopes: ["netid.identity"], consentId: person.IdentityJti));

        Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        Assert.Equal(Plaintext, Forum.Received.All().Single(e => e.Jti == jti).Deleted);
        Assert.Equal(
            ["netid_age_band", "netid_consent_receipts", "netid_masked_id_number", "netid_masked_name", "netid_minor"],
            Forum.Kept.Find(person.Subject)!.Claims.Keys);

        var page = await browser.PageAsync("/me");
        Assert.DoesNotContain(Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, page, StringComparison.Ordinal);
        var userInfo = Html.Section(page, "data-claims=\"userinfo\"", "</table>");
        Assert.All(Plaintext, claim =>
        {
            var row = Html.Row(userInfo, "data-claim", claim);
            Assert.Equal(["deleted"], Html.Values(row, "data-claim-source"));
            Assert.DoesNotContain("<code>resident_id</code>", row, StringComparison.Ordinal);
        });

        // The age band and the masked values stay, in what was received and in what is kept.
        var kept = Html.Section(page, "data-kept-claims", "</table>");
        Assert.Equal(["netid_age_band", "netid_consent_receipts", "netid_masked_id_number", "netid_masked_name", "netid_minor"], Html.Values(kept, "data-kept-claim"));
        Assert.Contains("<code>adult</code>", Html.Row(kept, "data-kept-claim", "netid_age_band"), StringComparison.Ordinal);
        Assert.Contains($"<code>{MaskedName}</code>", Html.Row(userInfo, "data-claim", "netid_masked_name"), StringComparison.Ordinal);

        // "Received with your consent": this login brought them; the plaintext is marked as deleted since.
        var box = Html.Section(page, "data-not-received", "</section>");
        Assert.Equal(["name", "id_type", "id_number", "age_band", "masked_name", "masked_id_number"], Html.Values(box, "data-received-item"));
        Assert.Equal(["name", "id_type", "id_number"], Html.ValuesWhere(box, "data-received-item", "data-deleted", value => value == "true"));
        Assert.DoesNotContain("unexpected", box, StringComparison.Ordinal);

        // The withdrawn consent's receipt is marked; the other is not.
        var receipts = Html.Row(userInfo, "data-claim", "netid_consent_receipts");
        Assert.Equal([person.IdentityJti], Html.ValuesWithClass(receipts, "data-receipt", "withdrawn"));
        Assert.Contains("data-kept-withdrawn", page, StringComparison.Ordinal);

        // The session never held it, before or after.
        AssertNotIn(browser.SessionText(), Name, IdNumber, IdType);
    }

    [Fact]
    public async Task ReceiptDownload_ServesTheKeptSignedReceiptToItsPersonOnly()
    {
        var person = NewPerson();
        var other = NewPerson();
        using var browser = new ForumBrowser(Forum);
        using var otherBrowser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, person.Subject, person.UserInfo, person.IdTokenClaims);
        await otherBrowser.LoginAsync(Broker, other.Subject, other.UserInfo, other.IdTokenClaims);

        using var file = await browser.Client.GetAsync(new Uri($"/me?handler=receipt&id={person.IdentityJti}", UriKind.Relative), Ct);
        using var unknown = await browser.Client.GetAsync(new Uri("/me?handler=receipt&id=unknown", UriKind.Relative), Ct);
        using var notTheirs = await otherBrowser.Client.GetAsync(new Uri($"/me?handler=receipt&id={person.IdentityJti}", UriKind.Relative), Ct);
        using var stranger = new ForumBrowser(Forum);
        using var anonymous = await stranger.Client.GetAsync(new Uri($"/me?handler=receipt&id={person.IdentityJti}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/jwt", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(person.IdentityReceipt, await file.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Me_AfterRefusingEveryConsent_ListsEachItemAsNotReceivedAndKeepsNothing()
    {
        var subject = "sub-" + FakeBroker.NewJti();
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = subject, ["netid_result"] = "pass", ["netid_verified_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        }));

        var page = await browser.PageAsync("/me");

        var box = Html.Section(page, "data-not-received", "</section>");
        Assert.Equal(
            ["name", "id_type", "id_number", "birthdate", "phone", "gender", "netid_number", "age_band", "masked_name", "masked_id_number"],
            Html.Values(box, "data-not-received-item"));
        Assert.Empty(Html.Values(box, "data-received-item"));
        Assert.DoesNotContain("unexpected", box, StringComparison.Ordinal);
        Assert.Contains("data-kept-nothing", page, StringComparison.Ordinal);
        Assert.Null(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Me_WithPlaintextButNoReceiptOfASeparateConsent_OrAClaimNeverReleased_AsksForAReport()
    {
        var subject = "sub-" + FakeBroker.NewJti();
        using var browser = new ForumBrowser(Forum);
        await browser.LoginAsync(Broker, subject, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = subject, ["netid_result"] = "pass", ["netid_verified_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["netid_age_band"] = "adult", ["netid_name"] = Name, ["birthdate"] = "2009-01-01",
            ["netid_consent_receipts"] = new[] { Broker.Receipt(subject, "c-" + FakeBroker.NewJti(), "netid.age") },
        }));

        var box = Html.Section(await browser.PageAsync("/me"), "data-not-received", "</section>");

        Assert.Equal(["name", "birthdate"], Html.ValuesWithClass(box, "data-not-received-item", "unexpected"));
        Assert.Equal(["age_band"], Html.Values(box, "data-received-item"));
    }

    [Fact]
    public async Task Session_IssuedWithPlaintextByAnEarlierForum_IsScrubbedAndShowsNoPlaintext()
    {
        var subject = "sub-" + FakeBroker.NewJti();
        using var browser = new ForumBrowser(Forum);
        var identity = new ClaimsIdentity(
            [new Claim("sub", subject), new Claim("acr", "urn:netidentity:acr:level1"), new Claim("netid_result", "pass")],
            CookieAuthenticationDefaults.AuthenticationScheme, "sub", null);
        var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) };
        properties.Items[".forum.userinfo"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = subject, ["netid_result"] = "pass", ["netid_name"] = Name, ["netid_id_type"] = IdType, ["netid_id_number"] = IdNumber,
        });
        browser.SetSession(new ClaimsPrincipal(identity), properties);

        using var response = await browser.Client.GetAsync(new Uri("/me", UriKind.Relative), Ct);
        var page = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, page, StringComparison.Ordinal);
        Assert.True(
            response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("demo-forum.session=", StringComparison.Ordinal)),
            "The scrubbed session was not issued again.");
        var session = browser.SessionText();
        AssertNotIn(session, Name, IdNumber, IdType);
        Assert.Contains("netid_name", session, StringComparison.Ordinal);
    }

    /// <summary>None of <paramref name="values"/> in <paramref name="text"/>, as is or JSON-escaped.</summary>
    private static void AssertNotIn(string text, params string[] values) =>
        Assert.All(values, value =>
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(JsonEncodedText.Encode(value).Value, text, StringComparison.Ordinal);
        });

    private Person NewPerson()
    {
        var subject = "sub-" + FakeBroker.NewJti();
        var ageAndMasked = "c-" + FakeBroker.NewJti();
        var identity = "c-" + FakeBroker.NewJti();
        return new Person(
            subject,
            ageAndMasked,
            Broker.Receipt(subject, ageAndMasked, "netid.age", "netid.masked"),
            identity,
            Broker.Receipt(subject, identity, "netid.identity"));
    }

    /// <summary>An adult who granted the age band and the masked values, and gave the separate consent.</summary>
    private sealed record Person(string Subject, string AgeAndMaskedJti, string AgeAndMaskedReceipt, string IdentityJti, string IdentityReceipt)
    {
        public IReadOnlyDictionary<string, object> IdTokenClaims { get; } = new Dictionary<string, object>
        {
            ["netid_age_band"] = "adult", ["netid_minor"] = false, ["netid_masked_name"] = MaskedName, ["netid_masked_id_number"] = MaskedIdNumber,
        };

        public string UserInfo => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["sub"] = Subject,
            ["netid_result"] = "pass",
            ["netid_verified_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["netid_age_band"] = "adult",
            ["netid_minor"] = false,
            ["netid_masked_name"] = MaskedName,
            ["netid_masked_id_number"] = MaskedIdNumber,
            ["netid_name"] = Name,
            ["netid_id_type"] = IdType,
            ["netid_id_number"] = IdNumber,
            ["netid_consent_receipts"] = new[] { AgeAndMaskedReceipt, IdentityReceipt },
        });
    }
}
