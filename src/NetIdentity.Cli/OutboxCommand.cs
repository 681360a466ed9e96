using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Consent;

namespace NetIdentity.Cli;

/// <summary>
/// <c>netidentity outbox list|dead-letters|retry</c>: the back channel's outbox (docs/operations.md,
/// docs/events.md). Lists show an event's id (its <c>jti</c>), platform, state, times and last
/// failure, never its payload. Running instances send a retried event within <c>Broker:OutboxPollInterval</c>.
/// </summary>
internal static class OutboxCommand
{
    private const int DefaultLimit = 50;

    public static Command Create()
    {
        var outbox = new Command("outbox", "The security events waiting for, given up on, or delivered to platforms (docs/events.md).");
        outbox.Subcommands.Add(List());
        outbox.Subcommands.Add(DeadLetters());
        outbox.Subcommands.Add(Retry());
        return outbox;
    }

    private static Command List()
    {
        var client = ClientOption("Only this platform's events.");
        var state = new Option<string?>("--state") { Description = "pending, dead or delivered; every state when absent." };
        state.AcceptOnlyFromAmong("pending", "dead", "delivered");
        var limit = LimitOption();
        var list = new Command("list", "Events, one tab-separated line each: pending and dead ones oldest first, delivered ones (and all states together) newest first.") { client, state, limit };
        list.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, _) =>
        {
            var query = new OutboxQuery(parse.GetValue(client), State(parse.GetValue(state)), parse.GetValue(limit));
            Write(output, await services.GetRequiredService<IEventOutbox>().ListAsync(query, cancellationToken));
            return ExitCodes.Ok;
        }));
        return list;
    }

    private static Command DeadLetters()
    {
        var client = ClientOption("Only this platform's dead letters.");
        var limit = LimitOption();
        var deadLetters = new Command("dead-letters", "Events given up after failing for Broker:OutboxDeadLetterAfter, oldest first: 'outbox list --state dead'.") { client, limit };
        deadLetters.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, _) =>
        {
            var query = new OutboxQuery(parse.GetValue(client), OutboxState.Dead, parse.GetValue(limit));
            Write(output, await services.GetRequiredService<IEventOutbox>().ListAsync(query, cancellationToken));
            return ExitCodes.Ok;
        }));
        return deadLetters;
    }

    private static Command Retry()
    {
        var id = new Argument<string?>("id") { Description = "The event to send again (its jti, see 'outbox list').", Arity = ArgumentArity.ZeroOrOne };
        var allDead = new Option<bool>("--all-dead") { Description = "Every dead letter (of one platform with --client) instead of one event." };
        var client = ClientOption("With --all-dead: only this platform's dead letters.");
        var retry = new Command("retry", "Send a pending or dead event again now, with a fresh retry schedule. A delivered event is never sent again (exit 5).") { id, allDead, client };
        retry.Validators.Add(result =>
        {
            var named = result.GetValue(id) is not null;
            var all = result.GetValue(allDead);
            if (named == all)
            {
                result.AddError("Name one event id or --all-dead (not both).");
            }
            else if (named && result.GetValue(client) is not null)
            {
                result.AddError("--client goes with --all-dead; an event id names its platform already.");
            }
        });
        retry.SetAction((parse, cancellationToken) => NetIdentityCommand.RunAsync(parse, async (services, output, error) =>
        {
            var outbox = services.GetRequiredService<IEventOutbox>();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (parse.GetValue(allDead))
            {
                var retried = await outbox.RetryDeadAsync(parse.GetValue(client), now, cancellationToken);
                await output.WriteLineAsync($"{retried} dead letter(s) due now. Running instances send them within Broker:OutboxPollInterval.");
                return ExitCodes.Ok;
            }

            var eventId = parse.GetValue(id)!;
            switch (await outbox.RetryAsync(eventId, now, cancellationToken))
            {
                case OutboxRetryOutcome.NotFound:
                    await error.WriteLineAsync($"No event has the id '{eventId}'. 'netidentity outbox list' shows them.");
                    return ExitCodes.NotFound;
                case OutboxRetryOutcome.AlreadyDelivered:
                    await error.WriteLineAsync($"{eventId} was delivered already: the platform acknowledged it, so it is not sent again.");
                    return ExitCodes.Refused;
                default:
                    await output.WriteLineAsync($"{eventId} is due now. Running instances send it within Broker:OutboxPollInterval.");
                    return ExitCodes.Ok;
            }
        }));
        return retry;
    }

    private static Option<string?> ClientOption(string description) => new("--client") { Description = description };

    private static Option<int> LimitOption()
    {
        var limit = new Option<int>("--limit") { Description = $"At most this many (default {DefaultLimit}).", DefaultValueFactory = _ => DefaultLimit };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be 1 or more.");
            }
        });
        return limit;
    }

    private static OutboxState? State(string? state) => state switch
    {
        "pending" => OutboxState.Pending,
        "dead" => OutboxState.Dead,
        "delivered" => OutboxState.Delivered,
        _ => null,
    };

    private static void Write(TextWriter output, IEnumerable<OutboxMessage> messages)
    {
        output.WriteLine("id\tclient_id\tstate\tcreated_at\tattempts\tnext_attempt_at\tfailing_since\tlast_error\tdelivered_at\tdead_lettered_at");
        foreach (var m in messages)
        {
            output.WriteLine(string.Join('\t',
                m.Id, m.ClientId, m.State.ToString().ToLowerInvariant(), Time(m.CreatedAt), m.Attempts.ToString(CultureInfo.InvariantCulture),
                m.State == OutboxState.Pending ? Time(m.NextAttemptAt) : "-", Time(m.FailingSince), m.LastError ?? "-", Time(m.DeliveredAt), Time(m.DeadLetteredAt)));
        }
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "-";
}
