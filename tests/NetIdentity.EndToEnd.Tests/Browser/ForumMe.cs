using System.Globalization;
using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// The forum's <c>/me</c>: what it received in the ID token and from userinfo at login (kept in
/// its session, except the plaintext identity, shown from what it keeps), and what it keeps about
/// the person under their consent ("what we kept").
/// </summary>
internal sealed class ForumMe(IPage page)
{
    public IPage Page => page;

    /// <summary>The value of <paramref name="claim"/> in the ID token (<c>id_token</c>) or userinfo (<c>userinfo</c>) table.</summary>
    public ILocator Received(string source, string claim) =>
        page.Locator($"table[data-claims={source}] tr[data-claim='{claim}'] td.value code");

    public ILocator IdToken(string claim) => Received("id_token", claim);

    public ILocator UserInfo(string claim) => Received("userinfo", claim);

    /// <summary>The value of <paramref name="claim"/> in "what we kept".</summary>
    public ILocator Kept(string claim) => page.Locator($"[data-kept] tr[data-kept-claim='{claim}'] td.value code");

    public ILocator KeptSection => page.Locator("[data-kept]");

    /// <summary>
    /// The consent receipts of the userinfo table. The forum shows them by <c>jti</c> and items,
    /// never the JWT; each is fetched as the signed receipt the forum keeps (its download link,
    /// with the browser's cookies) and checked against what the page shows.
    /// </summary>
    public async Task<IReadOnlyList<ConsentReceipt>> ReceiptsAsync()
    {
        var row = page.Locator("table[data-claims=userinfo] tr[data-claim='netid_consent_receipts']");
        var shown = row.Locator("li[data-receipt]");
        var count = await shown.CountAsync();
        Assert.Equal(count.ToString(CultureInfo.InvariantCulture), await row.Locator("[data-receipt-count]").GetAttributeAsync("data-receipt-count"));
        var html = await page.ContentAsync();
        var receipts = new List<ConsentReceipt>();
        for (var i = 0; i < count; i++)
        {
            var item = shown.Nth(i);
            var href = await item.Locator("a[data-action=receipt]").GetAttributeAsync("href");
            var file = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
            Assert.Equal(200, file.Status);
            var receipt = ConsentReceipt.From((await file.TextAsync()).Trim());
            Assert.Equal(receipt.Id, await item.GetAttributeAsync("data-receipt"));
            Assert.Equal(string.Join(' ', receipt.Items), await item.GetAttributeAsync("data-receipt-items"));
            Assert.DoesNotContain(receipt.Token, html, StringComparison.Ordinal);
            receipts.Add(receipt);
        }

        return receipts;
    }

    /// <summary>The names of the claims of one table, sorted ordinally.</summary>
    public async Task<IReadOnlyList<string>> ClaimNamesAsync(string source) =>
        [.. (await page.Locator($"table[data-claims={source}] tr[data-claim]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.claim)"))
            .Order(StringComparer.Ordinal)];

    /// <summary>The names of the claims the forum keeps, sorted ordinally.</summary>
    public async Task<IReadOnlyList<string>> KeptNamesAsync() =>
        [.. (await page.Locator("[data-kept] tr[data-kept-claim]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.keptClaim)"))
            .Order(StringComparer.Ordinal)];

    /// <summary>The person's pairwise <c>sub</c> at the forum.</summary>
    public async Task<string> SubjectAsync() => (await page.Locator("[data-claim-value=sub]").InnerTextAsync()).Trim();

    /// <summary>Neither the page's HTML nor its text holds <paramref name="persona"/>'s name, ID number or phone.</summary>
    public async Task AssertNoPlaintextOfAsync(PersonaIdentity persona)
    {
        var html = await page.ContentAsync();
        var text = await page.Locator("body").InnerTextAsync();
        Assert.All(persona.PlaintextValues, value =>
        {
            Assert.DoesNotContain(value, html, StringComparison.Ordinal);
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        });
    }
}
