using System.Text.Json;
using System.Text.RegularExpressions;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Docs;

/// <summary>docs/mock-authority.md publishes what the mock really uses.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Guide = File.ReadAllText(Repository.Path("docs", "mock-authority.md"));

    [Fact]
    public void Guide_PublishedKeys_AreTheDevelopmentKeys()
    {
        var blocks = PemBlock().Matches(Guide).Select(m => m.Value).ToList();

        Assert.Contains(blocks, b => b.Contains("PUBLIC KEY", StringComparison.Ordinal) && Sm2PublicKey.FromPem(b).Equals(TestKeys.SigningKey));
        Assert.Contains(blocks, b => b.Contains("PUBLIC KEY", StringComparison.Ordinal) && Sm2PublicKey.FromPem(b).Equals(TestKeys.EncryptionKey));
        Assert.Contains(blocks, b => b.Contains("PUBLIC KEY", StringComparison.Ordinal) && Sm2PublicKey.FromPem(b).Equals(TestKeys.SandboxKey.PublicKey));
        Assert.Contains(blocks, b => b.Contains("PRIVATE KEY", StringComparison.Ordinal) && Sm2PrivateKey.FromPem(b).PublicKey.Equals(TestKeys.SandboxKey.PublicKey));
        Assert.DoesNotContain(blocks, b => b.Contains("PRIVATE KEY", StringComparison.Ordinal) && !Sm2PrivateKey.FromPem(b).PublicKey.Equals(TestKeys.SandboxKey.PublicKey));
    }

    [Fact]
    public void Guide_PersonasTable_NamesEveryPersonaWithItsPhoneAndRegisteredPhones()
    {
        using var personas = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "personas.json")));

        foreach (var persona in personas.RootElement.EnumerateArray())
        {
            var row = Guide.Split('\n').FirstOrDefault(l => l.StartsWith($"| `{persona.GetProperty("id").GetString()}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"No table row for {persona.GetProperty("id")}.");
            Assert.Contains(persona.GetProperty("phone").GetString()!, row, StringComparison.Ordinal);
            Assert.Contains(persona.GetProperty("idNumber").GetString()!, row, StringComparison.Ordinal);
            Assert.All(persona.GetProperty("registeredPhones").EnumerateArray(), phone => Assert.Contains(phone.GetString()!, row, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("T0400001")]
    [InlineData("T0400002")]
    [InlineData("T0400003")]
    [InlineData("T0404001")]
    [InlineData("T0409001")]
    [InlineData("T0503001")]
    public void Guide_TesterErrorCodes_AreDocumented(string code)
    {
        Assert.Contains($"`{code}`", Guide, StringComparison.Ordinal);
    }

    [GeneratedRegex("-----BEGIN [A-Z ]+-----[A-Za-z0-9+/=\\s]+-----END [A-Z ]+-----")]
    private static partial Regex PemBlock();
}
