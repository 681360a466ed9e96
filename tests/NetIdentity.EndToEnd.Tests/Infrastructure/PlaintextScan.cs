namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// PRODUCT rule 7 checked on the running sandbox: no persona's name, ID number or phone in any
/// table of the broker's database, nor in any line the broker or the forum logged. Every persona
/// of personas.json is looked for, not only the one a test used: a value may travel (a guardian's
/// identity in a child's login, a typed name on the other way).
/// </summary>
/// <remarks>
/// The tests that release plaintext or handle minors call <see cref="AssertNoPlaintextAsync"/> at
/// their end, after their flow, rather than relying on one scan after the whole run: xunit does
/// not order tests within the collection, and a failure in a collection fixture's clean-up is not
/// reported against any test. A scan at the end of each flow names the flow that leaked.
/// </remarks>
internal static class PlaintextScan
{
    private const int MaxShown = 5;

    /// <summary>Fails with where each persona value was found; the mock's own lines are not NetIdentity's and are skipped.</summary>
    public static async Task AssertNoPlaintextAsync(SandboxFixture sandbox, CancellationToken cancellationToken)
    {
        var dump = (await BrokerDatabase.DumpAsync(sandbox, cancellationToken)).Split('\n');
        var logs = ServiceLogLines(sandbox);
        Assert.NotEmpty(logs);

        var found = new List<string>();
        foreach (var persona in PersonaIdentity.All)
        {
            foreach (var (what, value) in new[] { ("name", persona.Name), ("ID number", persona.IdNumber), ("phone", persona.Phone) })
            {
                found.AddRange(dump.Where(line => line.Contains(value, StringComparison.Ordinal))
                    .Select(line => $"{persona.Id}'s {what} in the broker's database: {Shorten(line)}"));
                found.AddRange(logs.Where(line => line.Contains(value, StringComparison.Ordinal))
                    .Select(line => $"{persona.Id}'s {what} in a log line: {Shorten(line)}"));
            }
        }

        Assert.True(found.Count == 0, $"Plaintext identity at rest ({found.Count} finding(s)):\n" + string.Join('\n', found.Take(MaxShown)));
    }

    /// <summary>The broker's and the forum's lines of the sandbox output (the mock is the authority's stand-in, not NetIdentity).</summary>
    public static List<string> ServiceLogLines(SandboxFixture sandbox) =>
        [.. sandbox.Output.Split('\n').Where(line => line.StartsWith("[broker", StringComparison.Ordinal) || line.StartsWith("[platform", StringComparison.Ordinal))];

    private static string Shorten(string line) => line.Length <= 300 ? line.TrimEnd() : line[..300] + "…";
}
