using System.Text;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;

namespace NetIdentity.Core.Tests;

public sealed class AuditCheckpointTests
{
    private static readonly AuditSigningKey Key = new(Sm2PrivateKey.Generate());

    private static readonly AuditCheckpoint Unsigned = new()
    {
        Sequence = 7,
        ChainId = "0123456789abcdef0123456789abcdef",
        Position = 42,
        HeadHash = new string('a', 64),
        Time = new DateTimeOffset(2025, 7, 15, 8, 0, 0, TimeSpan.Zero).AddTicks(1230),
        Final = true,
        PreviousCheckpointHash = new string('b', 64),
        KeyId = string.Empty,
    };

    [Fact]
    public void Payload_IsTheDocumentedLinesEndingInALineFeed()
    {
        var signed = Unsigned.SignWith(Key);

        Assert.Equal(
            "netidentity-audit-checkpoint/1\nsequence=7\nchain=0123456789abcdef0123456789abcdef\nposition=42\n" +
            $"head={new string('a', 64)}\ntime=2025-07-15T08:00:00.000123Z\nfinal=true\nprevious={new string('b', 64)}\nkey={Key.KeyId}\n",
            Encoding.UTF8.GetString(signed.Payload()));
    }

    [Fact]
    public void SignWith_NamesTheKeyAndVerifiesOnlyUnderIt()
    {
        var signed = Unsigned.SignWith(Key);

        Assert.Equal(Key.KeyId, signed.KeyId);
        Assert.True(signed.IsSignedBy(Key.PublicKey));
        Assert.False(signed.IsSignedBy(Sm2PrivateKey.Generate().PublicKey));
        Assert.False((signed with { Position = 41 }).IsSignedBy(Key.PublicKey));
    }

    [Fact]
    public void KeyId_IsTheSm3OfTheSubjectPublicKeyInfo()
    {
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(Key.PublicKey.ExportSubjectPublicKeyInfo())), Key.KeyId);
    }

    [Fact]
    public void Ledger_WhenTheSecondCheckpointDoesNotSignTheFirst_ReportsItOutOfSequence()
    {
        var first = (Unsigned with { Sequence = 1, PreviousCheckpointHash = AuditChain.Genesis }).SignWith(Key);
        var second = (Unsigned with { Sequence = 2, PreviousCheckpointHash = new string('c', 64) }).SignWith(Key);

        var ledger = CheckpointLedger.Check([first, second], new Dictionary<string, Sm2PublicKey> { [Key.KeyId] = Key.PublicKey });

        var finding = Assert.Single(ledger.Findings);
        Assert.Equal(
            (AuditProblem.CheckpointOutOfSequence, "checkpoint 2 does not follow checkpoint 1: the previous-checkpoint hash differs"),
            (finding.Problem, finding.Message));
        Assert.Equal(2, ledger.Trusted(Unsigned.ChainId).Count);
    }

    [Fact]
    public void Ledger_DoesNotTrustACheckpointWhoseSignatureFails()
    {
        var first = (Unsigned with { Sequence = 1, PreviousCheckpointHash = AuditChain.Genesis }).SignWith(Key) with { Position = 43 };

        var ledger = CheckpointLedger.Check([first], new Dictionary<string, Sm2PublicKey> { [Key.KeyId] = Key.PublicKey });

        Assert.Equal("checkpoint 1: the signature does not verify", Assert.Single(ledger.Findings).Message);
        Assert.Empty(ledger.Trusted(Unsigned.ChainId));
    }
}
