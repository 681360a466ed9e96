using NetIdentity.Core.Consent;

namespace NetIdentity.Cli.Tests;

/// <summary>
/// <c>netidentity outbox list|dead-letters|retry</c> on a broker's database (issue 11 §4,
/// docs/operations.md), on SQLite and PostgreSQL.
/// </summary>
public sealed class OutboxCommandTests
{
    public static TheoryData<string> Providers => CliDatabase.Providers;

    private const string Header = "id\tclient_id\tstate\tcreated_at\tattempts\tnext_attempt_at\tfailing_since\tlast_error\tdelivered_at\tdead_lettered_at";

    private const string Payload = "{\"jti\":\"payload-must-not-be-printed\"}";

    private static readonly DateTimeOffset Created = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxList_ByState_PrintsThoseEventsWithoutTheirPayload(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var events = await SeedAsync(database);

        var pending = await database.RunAsync("outbox", "list", "--state", "pending");
        var all = await database.RunAsync("outbox", "list");

        Assert.Equal(ExitCodes.Ok, pending.Exit);
        Assert.Equal(
            [Header, $"{events.Pending}\tdemo-forum\tpending\t2026-11-20T08:00:00Z\t0\t2026-11-20T08:00:00Z\t-\t-\t-\t-"],
            Lines(pending.Output));
        Assert.Equal(ExitCodes.Ok, all.Exit);
        Assert.Equal([events.Other, events.Delivered, events.Dead, events.Pending], Rows(all.Output).Select(r => r[0]));
        Assert.DoesNotContain("payload-must-not-be-printed", all.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxDeadLetters_ForOnePlatform_PrintsItsDeadLettersWithTheirFailure(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var events = await SeedAsync(database);

        var (exit, output, _) = await database.RunAsync("outbox", "dead-letters", "--client", "demo-forum");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            [Header, $"{events.Dead}\tdemo-forum\tdead\t2026-11-20T08:01:00Z\t412\t-\t2026-11-20T08:01:02Z\tHttpRequestException\t-\t2026-11-23T08:01:02Z"],
            Lines(output));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxRetry_OfADeadLetter_MakesItPendingAndDueNow(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var events = await SeedAsync(database);

        var (exit, output, _) = await database.RunAsync("outbox", "retry", events.Dead);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"{events.Dead} is due now. Running instances send it within Broker:OutboxPollInterval.", output.Trim());
        var retried = Rows((await database.RunAsync("outbox", "list", "--state", "pending")).Output).Single(r => r[0] == events.Dead);
        Assert.Equal(("0", "-", "HttpRequestException", "-"), (retried[4], retried[6], retried[7], retried[9]));
        Assert.InRange(DateTimeOffset.Parse(retried[5], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Single(Rows((await database.RunAsync("outbox", "dead-letters")).Output));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxRetry_AllDeadOfOnePlatform_RetriesOnlyThoseAndSaysHowMany(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var events = await SeedAsync(database);

        var (exit, output, _) = await database.RunAsync("outbox", "retry", "--all-dead", "--client", "other-platform");
        var again = await database.RunAsync("outbox", "retry", "--all-dead", "--client", "other-platform");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("1 dead letter(s) due now. Running instances send them within Broker:OutboxPollInterval.", output.Trim());
        Assert.Equal("0 dead letter(s) due now. Running instances send them within Broker:OutboxPollInterval.", again.Output.Trim());
        Assert.Equal([events.Dead], Rows((await database.RunAsync("outbox", "dead-letters")).Output).Select(r => r[0]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxRetry_OfADeliveredEvent_IsRefusedWithExitCode5(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var events = await SeedAsync(database);

        var (exit, output, error) = await database.RunAsync("outbox", "retry", events.Delivered);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{events.Delivered} was delivered already: the platform acknowledged it, so it is not sent again.", error.Trim());
        Assert.Equal("delivered", Rows((await database.RunAsync("outbox", "list", "--state", "delivered")).Output).Single(r => r[0] == events.Delivered)[2]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OutboxRetry_OfAnUnknownId_FailsWithExitCode4(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);

        var (exit, _, error) = await database.RunAsync("outbox", "retry", "no-such-event");

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal("No event has the id 'no-such-event'. 'netidentity outbox list' shows them.", error.Trim());
    }

    [Theory]
    [InlineData("Name one event id or --all-dead (not both).", "outbox", "retry")]
    [InlineData("Name one event id or --all-dead (not both).", "outbox", "retry", "some-event", "--all-dead")]
    [InlineData("--client goes with --all-dead; an event id names its platform already.", "outbox", "retry", "some-event", "--client", "demo-forum")]
    [InlineData("--limit must be 1 or more.", "outbox", "list", "--limit", "0")]
    [InlineData("Argument 'stale' not recognized. Must be one of:", "outbox", "list", "--state", "stale")]
    public async Task Outbox_WithAWrongCommandLine_Exits1AndSaysWhatIsWrong(string message, params string[] args)
    {
        await using var database = await CliDatabase.MigratedAsync(CliDatabase.Sqlite);

        var (exit, output, error) = await database.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidConfiguration, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("\tdemo-forum\t", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outbox", "--help")]
    [InlineData("outbox", "list", "--help")]
    [InlineData("outbox", "dead-letters", "--help")]
    [InlineData("outbox", "retry", "--help")]
    public async Task OutboxHelp_DescribesTheCommand(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// One event of each state for <c>demo-forum</c>, and a dead letter for another platform,
    /// written through the broker's own outbox.
    /// </summary>
    private static async Task<(string Pending, string Dead, string Delivered, string Other)> SeedAsync(CliDatabase database)
    {
        await using var app = BrokerServices.Build(new CommonOptions(null, "Development", [$"Database:Provider={database.Provider}", $"ConnectionStrings:NetIdentity={database.ConnectionString}"]));
        var outbox = app.Services.GetRequiredService<IEventOutbox>();
        var pending = Message("demo-forum", Created) with { NextAttemptAt = Created };
        var dead = Message("demo-forum", Created.AddMinutes(1)) with { LeaseOwner = "instance-a", LeaseExpiresAt = Created.AddDays(4) };
        var delivered = Message("demo-forum", Created.AddMinutes(2)) with { DeliveredAt = Created.AddMinutes(2) };
        var other = Message("other-platform", Created.AddMinutes(3)) with { LeaseOwner = "instance-a", LeaseExpiresAt = Created.AddDays(4) };
        foreach (var message in new[] { pending, dead, delivered, other })
        {
            await outbox.EnqueueAsync(message, Ct);
        }

        // Failing since 08:01:02, given up three days later after 412 attempts.
        Assert.True(await outbox.MarkFailedAsync(dead.Id, "instance-a", 411, Created.AddMinutes(1).AddSeconds(2), Created.AddDays(3), "503", Ct));
        await outbox.ClaimAsync("instance-a", Created.AddDays(3).AddMinutes(1).AddSeconds(2), TimeSpan.FromMinutes(1), 100, Ct);
        Assert.True(await outbox.DeadLetterAsync(dead.Id, "instance-a", 412, Created.AddDays(3).AddMinutes(1).AddSeconds(2), "HttpRequestException", Ct));
        Assert.True(await outbox.DeadLetterAsync(other.Id, "instance-a", 1, Created.AddDays(3), "503", Ct));
        return (pending.Id, dead.Id, delivered.Id, other.Id);
    }

    private static OutboxMessage Message(string clientId, DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ClientId = clientId,
        Endpoint = new Uri("https://forum.example/events"),
        Payload = Payload,
        CreatedAt = createdAt,
        NextAttemptAt = createdAt.AddDays(30),
    };

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string[]> Rows(string output) => [.. Lines(output).Skip(1).Select(l => l.Split('\t'))];
}
