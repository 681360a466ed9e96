using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// The authority down and slow (issue 11 §2, docs/operations.md "The authority is down"): the
/// mock's fault injection makes every call wait and then fail. Logins end with the documented
/// NI12xx page; once each instance's circuit breaker has opened they end at once, without asking
/// the authority; when the authority is back, the breakers close again after their break.
/// </summary>
[Collection(Clusters.Name)]
public sealed class AuthorityOutageTests
{
    /// <summary>The instances give up on one call after this (Authority:AttemptTimeout), so the test runs fast.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The breaker's break (AuthorityServiceCollectionExtensions, docs/operations.md).</summary>
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>A failing login takes this long at most once the breaker is open: it never waits for the authority.</summary>
    private static readonly TimeSpan FastFailure = TimeSpan.FromMilliseconds(900);

    [Fact]
    public async Task Outage_FailsLoginsWithNI1202ThenAtOnceWithNI1201_AndTheBreakerClosesWhenTheAuthorityReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ScaleOutCluster.StartAsync(ct, new ClusterSettings
        {
            BrokerEnvironment = new Dictionary<string, string>
            {
                ["Authority__AttemptTimeout"] = "00:00:01",
                ["Authority__TotalTimeout"] = "00:00:03",
            },
        });
        using var driver = await FaultDriver.StartAsync(cluster, ct);
        using var mock = new HttpClient { BaseAddress = cluster.Mock };
        await driver.MustLogInAsync(consent: false, ct);

        // The authority answers nothing within the attempt timeout, and then only 503 (A0503001).
        await SetFaultsAsync(mock, new { outage = true, delayMs = 1500 }, ct);
        var attempts = new ConcurrentQueue<LoginAttempt>();
        using (var opened = new CancellationTokenSource())
        {
            // Four people at once, until eight logins in a row have failed without waiting for
            // the authority: both instances' breakers are open (each has its own).
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(
                async () =>
                {
                    while (!opened.IsCancellationRequested)
                    {
                        var attempt = await driver.LoginAsync(consent: false, TimeSpan.FromSeconds(30), ct);
                        attempts.Enqueue(attempt);
                        if (attempts.Count > 8 && attempts.TakeLast(8).All(a => a.Code == "NI1201" && a.Elapsed < FastFailure))
                        {
                            await opened.CancelAsync();
                        }
                    }
                },
                ct)).ToArray();
            var deadline = Task.Delay(TimeSpan.FromSeconds(60), ct);
            await Task.WhenAny(Task.WhenAll(workers), deadline);
            Assert.True(opened.IsCancellationRequested, $"The breakers did not open within 60 s:\n{string.Join('\n', attempts)}\n{cluster.Output}");
            await Task.WhenAll(workers);
        }

        // Before the breakers opened, each call waited for its attempt timeout: NI1202, the
        // authority did not answer in time. Nothing else was shown, and nothing completed.
        var before = attempts.ToArray();
        Assert.All(before, a => Assert.True(a.Code is "NI1202" or "NI1201", $"Expected NI1202 or NI1201: {a}"));
        Assert.Contains(before, a => a.Code == "NI1202" && a.Elapsed >= AttemptTimeout);
        Assert.Empty(driver.Errors.Answers);

        // Open: a login fails at once with NI1201, the authority is unavailable, asking it nothing
        // (an answer would take 1.5 s), and the failure page says so.
        for (var i = 0; i < 4; i++)
        {
            var attempt = await driver.LoginAsync(consent: false, TimeSpan.FromSeconds(30), ct);
            Assert.Equal("NI1201", attempt.Code);
            Assert.Equal("choose-app", attempt.Step);
            Assert.True(attempt.Elapsed < FastFailure, $"With the breaker open, a login failed only after {attempt.Elapsed}.");
        }

        // The authority is back. The breakers still hold it off until their break is over, then
        // let one call through, which closes them; no instance is restarted.
        await mock.DeleteAsync(new Uri("tester/faults", UriKind.Relative), ct);
        var back = DateTime.UtcNow;
        var closed = DateTime.UtcNow + BreakDuration + TimeSpan.FromSeconds(15);
        LoginAttempt attemptAfter;
        do
        {
            await Task.Delay(500, ct);
            attemptAfter = await driver.LoginAsync(consent: false, TimeSpan.FromSeconds(30), ct);
            Assert.True(attemptAfter.Completed || attemptAfter.Code == "NI1201", $"While the breaker is open: {attemptAfter}");
        }
        while (!attemptAfter.Completed && DateTime.UtcNow < closed);

        Assert.True(attemptAfter.Completed, $"No login completed within {BreakDuration} + 15 s of the authority's return: {attemptAfter}\n{cluster.Output}");
        Assert.True(DateTime.UtcNow - back < BreakDuration + TimeSpan.FromSeconds(15));

        // Both breakers are closed: logins complete on every instance again.
        var served = driver.Tracker.Served.Count;
        for (var i = 0; i < 4; i++)
        {
            await driver.MustLogInAsync(consent: false, ct);
        }

        Assert.Equal(
            [ScaleOutCluster.InstanceName(0), ScaleOutCluster.InstanceName(1)],
            driver.Tracker.Served.Skip(served).Select(s => s.Instance).Distinct().Order().ToArray());
        Assert.True(cluster.IsRunning(0) && cluster.IsRunning(1));
    }

    private static async Task SetFaultsAsync(HttpClient mock, object faults, CancellationToken ct)
    {
        using var answer = await mock.PostAsJsonAsync(new Uri("tester/faults", UriKind.Relative), faults, ct);
        answer.EnsureSuccessStatusCode();
    }
}
