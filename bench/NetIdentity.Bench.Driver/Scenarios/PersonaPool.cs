using System.Net.Http.Json;
using System.Text.Json;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>A fictional person of the mock (its <c>GET /tester/personas</c>); never real data.</summary>
public sealed record BenchPersona(string Id, string Name, string IdNumber, string Phone, IReadOnlyList<string> Paths);

/// <summary>
/// The personas the logins use. With the bench's own personas file loaded in the mock
/// (<see cref="Sandbox.BenchPersonas"/>, ids <c>bench-…</c>), each login takes the next one: a
/// consent login then meets a person who has not consented yet (a consent is remembered per
/// person and platform, docs/claims.md), and concurrent logins the other way do not share a
/// phone. Against a plain sandbox only <c>adult</c> and <c>other-adult</c> exist: the consent page
/// shows on the first login only, and other-way logins take turns on the one phone.
/// </summary>
public sealed class PersonaPool
{
    private readonly BenchPersona[] app;
    private readonly BenchPersona[] other;
    private readonly Dictionary<string, SemaphoreSlim> phones;
    private int nextApp = -1;
    private int nextOther = -1;

    private PersonaPool(IReadOnlyCollection<BenchPersona> people)
    {
        app = [.. people.Where(p => p.Paths.Contains("netid"))];
        other = [.. people.Where(p => p.Paths.Contains("other"))];
        if (app.Length == 0 || other.Length == 0)
        {
            throw new InvalidOperationException("The mock needs personas for both the app and the other way.");
        }

        phones = other.Select(p => p.Phone).Distinct(StringComparer.Ordinal).ToDictionary(p => p, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
    }

    /// <summary>How many distinct people the app logins cycle through.</summary>
    public int Count => app.Length;

    /// <summary>Whether the bench's personas are loaded (else the sandbox's own two).</summary>
    public bool IsBenchSet { get; private init; }

    public static async Task<PersonaPool> LoadAsync(HttpClient http, Uri authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var all = await http.GetFromJsonAsync<List<BenchPersona>>(new Uri(authority, "tester/personas"), JsonSerializerOptions.Web, cancellationToken)
            ?? throw new InvalidOperationException("The mock's tester API listed no personas.");
        var bench = all.Where(p => p.Id.StartsWith(Sandbox.BenchPersonas.Prefix, StringComparison.Ordinal)).ToArray();
        if (bench.Length > 0)
        {
            return new PersonaPool(bench) { IsBenchSet = true };
        }

        var adult = all.FirstOrDefault(p => p.Id == "adult") ?? throw new InvalidOperationException("The mock has no persona 'adult'.");
        var otherAdult = all.FirstOrDefault(p => p.Id == "other-adult") ?? throw new InvalidOperationException("The mock has no persona 'other-adult'.");
        return new PersonaPool([adult with { Paths = ["netid"] }, otherAdult with { Paths = ["other"] }]);
    }

    /// <summary>The next person for the national app, in turn.</summary>
    public BenchPersona NextForApp() => app[(int)((uint)Interlocked.Increment(ref nextApp) % (uint)app.Length)];

    /// <summary>The next person for the other way, in turn.</summary>
    public BenchPersona NextForOtherWay() => other[(int)((uint)Interlocked.Increment(ref nextOther) % (uint)other.Length)];

    /// <summary>
    /// Holds the person's phone for the span of one SMS code: the mock's outbox keeps the last
    /// code per number, so two logins on one phone at once would read each other's code.
    /// </summary>
    public async Task<IDisposable> HoldPhoneAsync(BenchPersona person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var gate = phones[person.Phone];
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
