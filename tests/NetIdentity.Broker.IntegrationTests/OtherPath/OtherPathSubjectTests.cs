using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Subjects;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// On the other way too, <c>sub</c> is pairwise (OIDC Core §8.1; docs/claims.md): stable for one
/// person and one platform, different across platforms, and a keyed hash of the ID number, so
/// that nobody who knows the number but not the broker's key can compute or recognise it.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class OtherPathSubjectTests(OtherPathFixture fixture)
{
    [Fact]
    public async Task Sub_ForOtherAdultTwiceOnOnePlatform_IsStable()
    {
        var first = await SubjectAsync(TestPlatforms.A);

        var second = await SubjectAsync(TestPlatforms.A);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Sub_ForOtherAdultOnTwoPlatforms_Differs()
    {
        var onA = await SubjectAsync(TestPlatforms.A);

        var onB = await SubjectAsync(TestPlatforms.B);

        Assert.NotEqual(onA, onB);
    }

    [Fact]
    public async Task Sub_IsTheKeyedHashOfTheIdNumberAndNothingDerivedWithoutTheKey()
    {
        var person = OtherPathPersonas.Adult;
        var sector = TestPlatforms.A.Sector;
        var key = Convert.FromBase64String(fixture.Broker.Services.GetRequiredService<IOptions<BrokerOptions>>().Value.PairwiseSubjectKey);
        var document = "resident_id:" + person.IdNumber;
        string[] keyless =
        [
            person.IdNumber,
            .. Encodings(Sm3.Hash(Encoding.UTF8.GetBytes(person.IdNumber))),
            .. Encodings(Sm3.Hash(Encoding.UTF8.GetBytes(document))),
            .. Encodings(Sm3.Hash(Encoding.UTF8.GetBytes(sector + document))),
            .. Encodings(SHA256.HashData(Encoding.UTF8.GetBytes(person.IdNumber))),
            .. Encodings(SHA256.HashData(Encoding.UTF8.GetBytes(document))),
            new PairwiseSubjects(new byte[PairwiseSubjects.MinimumKeyBytes]).ForIdentityDocument(sector, "resident_id", person.IdNumber),
            new PairwiseSubjects(Encoding.UTF8.GetBytes(new string('k', PairwiseSubjects.MinimumKeyBytes))).ForIdentityDocument(sector, "resident_id", person.IdNumber),
        ];

        var subject = await SubjectAsync(TestPlatforms.A);

        Assert.Equal(new PairwiseSubjects(key).ForIdentityDocument(sector, "resident_id", person.IdNumber), subject);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", subject);
        Assert.DoesNotContain(subject, keyless);
        Assert.DoesNotContain(person.IdNumber, subject, StringComparison.Ordinal);
        Assert.DoesNotContain(person.IdNumber[6..14], subject, StringComparison.Ordinal);
    }

    private static string[] Encodings(byte[] hash) =>
        [Convert.ToHexStringLower(hash), Convert.ToHexString(hash), Convert.ToBase64String(hash), Base64Url.EncodeToString(hash)];

    private async Task<string> SubjectAsync(TestPlatform platform)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(platform);
        var code = LoginDriver.Query(await driver.LoginAsync(request, OtherPathPersonas.Adult))["code"];
        var tokens = await driver.Login.RedeemAsync(request, code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, platform.ClientId, request.Nonce);
        return idToken.Subject;
    }
}
