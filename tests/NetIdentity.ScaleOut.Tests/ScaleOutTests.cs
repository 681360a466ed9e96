using System.Text.Json;
using NetIdentity.Bench.Driver.Running;
using NetIdentity.Bench.Driver.Scenarios;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// Several broker instances, one truth (issue 11 §1): two real instances on one PostgreSQL
/// database behind HAProxy, round-robin without sticky sessions, driven by complete 网号 logins
/// over HTTP (the bench's driver: a person's browser, the national app through the mock's tester
/// API, and the platform's token request).
/// </summary>
[Collection(Clusters.Name)]
public sealed class ScaleOutTests
{
    [Fact]
    public async Task Logins_ThroughTheBalancer_AlternateBetweenInstancesStepByStepAndComplete()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(ct);
        var (tracker, context) = await DriverAsync(cluster, ct);

        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(cluster, context, ct);
        }

        // Each login's steps (authorize, method page, QR page, polls, return, token) went to both
        // instances: login state, cookies, antiforgery and codes are the database's, not an instance's.
        var instances = tracker.Served.Select(s => s.Instance).Distinct().Order().ToArray();
        Assert.Equal([ScaleOutCluster.InstanceName(0), ScaleOutCluster.InstanceName(1)], instances);
        Assert.All(tracker.Served.Zip(tracker.Served.Skip(1)), pair => Assert.NotEqual(pair.First.Instance, pair.Second.Instance));

        // The second instance logs JSON, one object per line, and no instance logs who the people were.
        var json = cluster.InstanceLog(1);
        Assert.Contains(json, line => line.Contains("\"EventId\"", StringComparison.Ordinal));
        Assert.All(json, line => JsonDocument.Parse(line).Dispose());
        var people = await PersonaPool.LoadAsync(context.Http, cluster.Mock, ct);
        var plaintext = Enumerable.Range(0, people.Count).Select(_ => people.NextForApp()).SelectMany(p => new[] { p.Name, p.IdNumber, p.Phone }).ToArray();
        foreach (var line in cluster.InstanceLog(0).Concat(json))
        {
            Assert.DoesNotContain(plaintext, value => line.Contains(value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Login_WhenTheInstanceThatShowedTheQrCodeDies_CompletesOnTheOther()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(ct);
        var (tracker, context) = await DriverAsync(cluster, ct);
        string? killed = null;
        var servedBeforeKill = 0;

        // Kill the instance that answered with the QR page, before the person approves in the app:
        // the answer to "use the national app" (a browser's form submission), or /netid itself.
        tracker.OnServed = (path, instance) =>
        {
            if (killed is null && (path.EndsWith("?handler=NetId", StringComparison.Ordinal) || path.EndsWith("/netid", StringComparison.Ordinal)))
            {
                killed = instance;
                servedBeforeKill = tracker.Served.Count;
                cluster.Kill(instance == ScaleOutCluster.InstanceName(0) ? 0 : 1);
            }
        };

        await LoginAsync(cluster, context, ct);

        Assert.NotNull(killed);
        var after = tracker.Served.Skip(servedBeforeKill).ToArray();
        Assert.NotEmpty(after);
        Assert.All(after, s => Assert.NotEqual(killed, s.Instance));
        Assert.Contains(after, s => s.Path == "/connect/token");
    }

    [Fact]
    public async Task KeyRetiredOnce_IsDroppedByEveryInstanceWithoutARestart_AndAllAuditChainsVerify()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(ct);
        var (_, context) = await DriverAsync(cluster, ct);
        using var http = new HttpClient();
        await LoginAsync(cluster, context, ct);

        // The balancer takes turns, so a login of an even number of requests would have every
        // step, the verifying poll too, answered by the same instance each time: one request in
        // between shifts the second login's steps to the other instance, and each instance
        // writes an authentication log entry of its own.
        using (var shift = await context.Http.GetAsync(new Uri(cluster.Balancer, "healthz/ready"), ct))
        {
            Assert.True(shift.IsSuccessStatusCode);
        }

        await LoginAsync(cluster, context, ct);
        var before = await PublishedKidsAsync(http, cluster.Instances[0], ct);
        Assert.Equal(before, await PublishedKidsAsync(http, cluster.Instances[1], ct));
        var (listed, keys) = await cluster.CliAsync(ct, "keys", "list");
        Assert.True(listed == 0, keys);
        var active = keys.Split('\n').Select(line => line.Split('\t')).First(f => f.Length > 3 && f[1] == "sig" && f[3] == "active")[0].Trim();

        // The operator retires the active signing key as compromised, once, on the shared database.
        var (retired, said) = await cluster.CliAsync(ct, "keys", "retire", active);
        Assert.True(retired == 0, said);

        // Every running instance stops publishing it within Broker:Keys:RefreshInterval (0.5 s here).
        foreach (var instance in cluster.Instances)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while ((await PublishedKidsAsync(http, instance, ct)).Contains(active) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }

            Assert.DoesNotContain(active, await PublishedKidsAsync(http, instance, ct));
        }

        // Logins go on, signed by the key that took over, and every instance's chain verifies.
        await LoginAsync(cluster, context, ct);
        var (verified, report) = await cluster.CliAsync(ct, "audit", "verify");
        Assert.True(verified == 0, report);
        var chains = report.Split('\n').Count(line => line.Contains(": intact", StringComparison.Ordinal));
        Assert.True(chains >= ScaleOutCluster.InstanceCount, $"Expected a chain per instance:\n{report}");
        Assert.DoesNotContain("BROKEN", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsentWithdrawnOnOneInstance_IsPushedToThePlatformExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(ct);
        using var driver = await FaultDriver.StartAsync(cluster, ct);

        // A login with consent to netid.age, then the same person signs in to "my authorizations"
        // and withdraws it; the steps alternate between the instances.
        await driver.MustLogInAsync(consent: true, ct);
        Assert.Equal(1, await driver.WithdrawFirstPersonsConsentsAsync(ct));

        // Both instances poll the outbox five times a second; the event must arrive once, and
        // still once after several more polls of each.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (cluster.Events.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var received = cluster.Events.Received;
        Assert.Single(received);
        var payload = received[0].Split('.')[1].Replace('-', '+').Replace('_', '/');
        using var set = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        Assert.Equal(ScaleOutCluster.ClientId, set.RootElement.GetProperty("aud").GetString());
        Assert.Contains("withdraw", set.RootElement.GetProperty("events").EnumerateObject().Single().Name, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, driver.Tracker.Served.Select(s => s.Instance).Distinct().Count());
    }

    private static async Task<HashSet<string>> PublishedKidsAsync(HttpClient http, Uri instance, CancellationToken ct)
    {
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(instance, ".well-known/jwks"), ct));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()!)];
    }

    private static async Task<(InstanceTracker Tracker, LoginContext Context)> DriverAsync(ScaleOutCluster cluster, CancellationToken ct)
    {
        var tracker = new InstanceTracker(cluster.Balancer);
        var http = new HttpClient(tracker) { Timeout = TimeSpan.FromSeconds(60) };
        var options = new BenchOptions
        {
            Broker = cluster.Balancer,
            Authority = cluster.Mock,
            ClientId = ScaleOutCluster.ClientId,
            ClientSecret = ScaleOutCluster.ClientSecret,
            RedirectUri = cluster.RedirectUri,
        };
        var personas = await PersonaPool.LoadAsync(http, cluster.Mock, ct);
        return (tracker, new LoginContext(options, http, personas));
    }

    private static async Task LoginAsync(ScaleOutCluster cluster, LoginContext context, CancellationToken ct)
    {
        try
        {
            await new AppLogin(context, consent: false).RunAsync(new LoginRecord(), ct);
        }
        catch (LoginFailedException failure)
        {
            Assert.Fail($"The login failed at {failure.Step} with {failure.Code}: {failure.Message}\n{cluster.Output}");
        }
    }
}
