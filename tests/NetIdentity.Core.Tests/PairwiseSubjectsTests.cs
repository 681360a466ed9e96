using System.Buffers.Text;
using System.Text;
using NetIdentity.Core.Subjects;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Tests;

/// <summary>Pairwise subject identifiers (OIDC Core §8.1; PRODUCT "Claims contract": sub differs per platform).</summary>
public sealed class PairwiseSubjectsTests
{
    private const string Sector = "https://platform.example";
    private const string OtherSector = "https://other.example";
    private const string AppScopedId = "NIA8J3KQ2M7XW4P9";
    private const string IdType = "resident_id";
    private const string IdNumber = "11010519491231002X";

    // 0x00, 0x01, … 0x1f: a fixed key for known answers.
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private readonly PairwiseSubjects _subjects = new(Key);

    [Fact]
    public void ForNetworkIdentity_SameInputs_SameSubject()
    {
        Assert.Equal(_subjects.ForNetworkIdentity(Sector, AppScopedId), new PairwiseSubjects(Key).ForNetworkIdentity(Sector, AppScopedId));
    }

    [Fact]
    public void ForIdentityDocument_SameInputs_SameSubject()
    {
        Assert.Equal(_subjects.ForIdentityDocument(Sector, IdType, IdNumber), _subjects.ForIdentityDocument(Sector, IdType, IdNumber));
    }

    [Fact]
    public void ForNetworkIdentity_DifferentSectors_Differ()
    {
        Assert.NotEqual(_subjects.ForNetworkIdentity(Sector, AppScopedId), _subjects.ForNetworkIdentity(OtherSector, AppScopedId));
    }

    [Fact]
    public void ForIdentityDocument_DifferentSectors_Differ()
    {
        Assert.NotEqual(_subjects.ForIdentityDocument(Sector, IdType, IdNumber), _subjects.ForIdentityDocument(OtherSector, IdType, IdNumber));
    }

    [Fact]
    public void ForNetworkIdentity_DifferentPersons_Differ()
    {
        Assert.NotEqual(_subjects.ForNetworkIdentity(Sector, AppScopedId), _subjects.ForNetworkIdentity(Sector, "NIB0000000000001"));
    }

    [Fact]
    public void ForIdentityDocument_DifferentPersons_Differ()
    {
        Assert.NotEqual(_subjects.ForIdentityDocument(Sector, IdType, IdNumber), _subjects.ForIdentityDocument(Sector, IdType, "110105194912310037"));
    }

    // The two paths hash different kinds; a 网络身份应用标识 that happens to equal "type:number"
    // must not become that document holder's subject.
    [Fact]
    public void Kinds_EqualStrings_NeverCollide()
    {
        var viaNetwork = _subjects.ForNetworkIdentity(Sector, IdType + ":" + IdNumber);

        Assert.NotEqual(_subjects.ForIdentityDocument(Sector, IdType, IdNumber), viaNetwork);
    }

    // Length prefixes: moving characters between sector and value changes the input.
    [Fact]
    public void Fields_ShiftedBoundary_Differ()
    {
        Assert.NotEqual(_subjects.ForNetworkIdentity("https://a.example", "1NIA"), _subjects.ForNetworkIdentity("https://a.example1", "NIA"));
    }

    [Fact]
    public void Subjects_DifferentKeys_Differ()
    {
        var otherKey = Key.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(_subjects.ForNetworkIdentity(Sector, AppScopedId), new PairwiseSubjects(otherKey).ForNetworkIdentity(Sector, AppScopedId));
    }

    [Fact]
    public void Constructor_KeyShorterThan32Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PairwiseSubjects(new byte[31]));
    }

    [Fact]
    public void Constructor_Key32Bytes_IsAccepted()
    {
        var subjects = new PairwiseSubjects(new byte[32]);

        Assert.NotEmpty(subjects.ForNetworkIdentity(Sector, AppScopedId));
    }

    // The key is copied: a caller clearing its buffer later must not change every subject.
    [Fact]
    public void Constructor_CallerBufferChangedLater_SubjectsUnchanged()
    {
        var buffer = (byte[])Key.Clone();
        var subjects = new PairwiseSubjects(buffer);
        var before = subjects.ForNetworkIdentity(Sector, AppScopedId);

        Array.Clear(buffer);

        Assert.Equal(before, subjects.ForNetworkIdentity(Sector, AppScopedId));
    }

    [Fact]
    public void Subject_Output_IsBase64UrlOf32Bytes()
    {
        var sub = _subjects.ForNetworkIdentity(Sector, AppScopedId);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", sub);
        Assert.Equal(32, Base64Url.DecodeFromChars(sub).Length);
    }

    [Theory]
    [InlineData("", AppScopedId)]
    [InlineData(Sector, "")]
    public void ForNetworkIdentity_EmptyInput_Throws(string sector, string appScopedId)
    {
        Assert.ThrowsAny<ArgumentException>(() => _subjects.ForNetworkIdentity(sector, appScopedId));
    }

    // The documented input: for each of kind, sector, value, "<UTF-16 length>:<text>", all UTF-8,
    // HMAC-SM3 under the key, base64url without padding. A change of encoding changes every sub
    // a platform has stored, so it must be caught here. The literal was cross-checked with
    // OpenSSL 3: printf '%s' "$input" | openssl mac -digest SM3 -macopt hexkey:000102…1f -binary HMAC.
    [Fact]
    public void ForNetworkIdentity_FixedInputs_MatchesKnownAnswer()
    {
        var expected = Base64Url.EncodeToString(Sm3.Hmac(Key, Encoding.UTF8.GetBytes("5:netid24:https://platform.example16:NIA8J3KQ2M7XW4P9")));

        var sub = _subjects.ForNetworkIdentity(Sector, AppScopedId);

        Assert.Equal(expected, sub);
        Assert.Equal("YF0uGwPcl7L6JMytJjo2h9-j8SeZEco9OAc8EzImtEk", sub);
    }

    [Fact]
    public void ForIdentityDocument_FixedInputs_MatchesKnownAnswer()
    {
        var expected = Base64Url.EncodeToString(Sm3.Hmac(Key, Encoding.UTF8.GetBytes("8:document24:https://platform.example30:resident_id:11010519491231002X")));

        var sub = _subjects.ForIdentityDocument(Sector, IdType, IdNumber);

        Assert.Equal(expected, sub);
        Assert.Equal("PA3AbV11_bf7T7rDaD0ulC-62gpY3kDHvFyp3EVlZlc", sub);
    }
}
