using System.Text;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Tests;

/// <summary>The tamper-evident authentication log (PRODUCT rule 6; AuditChain).</summary>
public sealed class AuditChainTests
{
    private const string ChainId = "broker-1";
    private const long Position = 7;
    private const string PreviousHash = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";

    private static readonly AuthenticationLogEntry Entry = new()
    {
        Time = new DateTimeOffset(2026, 11, 22, 12, 0, 31, TimeSpan.Zero),
        ClientId = "demo-platform",
        Path = "netid",
        BizSeq = "9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f",
        Mode = "R02",
        ResultCode = "C0000000",
        Subject = "xq3Lr0n6m9pKQ0b2yX8vJc1dE4fG5hI6jK7lM8nO9pQ",
        Acr = "urn:netidentity:acr:level2",
    };

    private static readonly string Original = AuditChain.Hash(PreviousHash, ChainId, Position, Entry);

    public static TheoryData<string> Fields =>
        ["previousHash", "chainId", "position", "time", "clientId", "path", "bizSeq", "mode", "resultCode", "subject", "acr"];

    [Fact]
    public void Genesis_Value_Is64Zeros()
    {
        Assert.Equal(new string('0', 64), AuditChain.Genesis);
    }

    [Fact]
    public void Hash_SameInputs_SameHash()
    {
        Assert.Equal(Original, AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { }));
    }

    [Fact]
    public void Hash_Output_Is64LowercaseHex()
    {
        Assert.Matches("^[0-9a-f]{64}$", Original);
    }

    // Changing, moving or re-chaining any entry must break its hash.
    [Theory]
    [MemberData(nameof(Fields))]
    public void Hash_AnyFieldChanged_Changes(string field)
    {
        var changed = field switch
        {
            "previousHash" => AuditChain.Hash(AuditChain.Genesis, ChainId, Position, Entry),
            "chainId" => AuditChain.Hash(PreviousHash, "broker-2", Position, Entry),
            "position" => AuditChain.Hash(PreviousHash, ChainId, Position + 1, Entry),
            "time" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { Time = Entry.Time.AddTicks(1) }),
            "clientId" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { ClientId = "other-platform" }),
            "path" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { Path = "document" }),
            "bizSeq" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { BizSeq = "0000aaaa1111bbbb2222cccc3333dddd" }),
            "mode" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { Mode = "R03" }),
            "resultCode" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { ResultCode = "NI1103" }),
            "subject" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { Subject = "another-subject" }),
            "acr" => AuditChain.Hash(PreviousHash, ChainId, Position, Entry with { Acr = "urn:netidentity:acr:level3" }),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(Original, changed);
    }

    // The instant is what counts: the same moment written with another offset is the same entry.
    [Fact]
    public void Hash_SameInstantOtherOffset_Same()
    {
        var shanghai = Entry with { Time = Entry.Time.ToOffset(TimeSpan.FromHours(8)) };

        Assert.Equal(Original, AuditChain.Hash(PreviousHash, ChainId, Position, shanghai));
    }

    [Fact]
    public void Hash_NullEntry_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => AuditChain.Hash(PreviousHash, ChainId, Position, null!));
    }

    // The canonical form: the fields joined by U+001F (unit separator), time as UTC ticks, absent
    // fields empty, SM3, lowercase hex. Stored chains are verified against it, so it must not drift.
    // The literal was cross-checked with OpenSSL 3 (openssl dgst -sm3 over the same bytes).
    [Fact]
    public void Hash_FixedEntry_MatchesKnownAnswer()
    {
        var canonical = string.Join(
            '\u001f',
            PreviousHash, ChainId, "7", "639309456310000000", "demo-platform", "netid",
            "9f1c0a7e5b2d4c3a8e6f1b0d2c4a6e8f", "R02", "C0000000", "xq3Lr0n6m9pKQ0b2yX8vJc1dE4fG5hI6jK7lM8nO9pQ", "urn:netidentity:acr:level2");

        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(canonical))), Original);
        Assert.Equal("27ad067d26a47ec76609f62c601faab77b63329320597c8cd81208ffad2641ae", Original);
    }

    // The first entry of a chain links to Genesis; entries without a person leave optional fields empty.
    [Fact]
    public void Hash_FirstEntryWithoutPerson_MatchesCanonicalForm()
    {
        var entry = new AuthenticationLogEntry
        {
            Time = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
            ClientId = "demo-platform",
            Path = "netid",
            ResultCode = "NI1001",
        };
        var canonical = string.Join('\u001f', AuditChain.Genesis, ChainId, "0", "639309456000000000", "demo-platform", "netid", "", "", "NI1001", "", "");

        var hash = AuditChain.Hash(AuditChain.Genesis, ChainId, 0, entry);

        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(canonical))), hash);
    }
}
