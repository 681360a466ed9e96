using System.Text;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Privacy;

/// <summary>
/// Plaintext identity is never stored at rest and never written to a log (PRODUCT rules 6 and
/// 7; PIPL Art. 6). After every 网号/网证 persona has tried to log in — on top of whatever the
/// other tests of the collection did — neither the broker's database nor its log holds any
/// persona's name, ID number or phone.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class NoPlaintextTests(BrokerFixture fixture)
{
    [Fact]
    public async Task Broker_AfterEveryPersonaTriesToLogIn_KeepsNoPlaintextIdentity()
    {
        var personas = Personas();
        var lastBizSeq = string.Empty;
        foreach (var persona in personas.Where(p => p.Paths.Contains("netid")))
        {
            var driver = fixture.NewDriver();
            var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
            lastBizSeq = await driver.ChooseNetIdAsync(login);
            await fixture.Mock.ApproveAsync(lastBizSeq, persona.Id);
            Assert.NotEqual("pending", (await driver.PollUntilFinishedAsync(login)).State);
        }

        var database = await PlaintextScan.DatabaseBytesAsync(fixture.Broker.DatabasePath);
        var logs = fixture.Broker.Logs.Lines.ToList();

        Assert.True(Contains(database, Encoding.ASCII.GetBytes(lastBizSeq)), "The scan does not see the latest writes.");
        Assert.NotEmpty(logs);
        foreach (var value in personas.SelectMany(p => new[] { p.Name, p.IdNumber, p.Phone }))
        {
            Assert.False(Contains(database, Encoding.UTF8.GetBytes(value)), $"The database holds '{value}'.");
            Assert.False(Contains(database, Encoding.Unicode.GetBytes(value)), $"The database holds '{value}' (UTF-16).");
            Assert.DoesNotContain(logs, line => line.Contains(value, StringComparison.Ordinal));
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static List<Persona> Personas()
    {
        var path = Path.Combine(RepositoryPaths.Root, "mock-authority", "NetIdentity.MockAuthority", "personas.json");
        var personas = JsonSerializer.Deserialize<List<Persona>>(File.ReadAllText(path), JsonSerializerOptions.Web)!;
        Assert.True(personas.Count >= 13, "personas.json was not read.");
        Assert.All(personas, p => Assert.False(string.IsNullOrEmpty(p.Name) || string.IsNullOrEmpty(p.IdNumber) || string.IsNullOrEmpty(p.Phone)));
        return personas;
    }

    private sealed record Persona(string Id, string Name, string IdNumber, string Phone, IReadOnlyList<string> Paths);
}
