using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Events;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// The dispatcher alone (unit level: an in-memory outbox and a scripted HTTP handler, no host):
/// which answers acknowledge an event, and what a failure records.
/// </summary>
public sealed class OutboxDispatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.Accepted)]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NoContent)]
    public async Task Dispatch_WhenPlatformAcknowledges_MarksDelivered(HttpStatusCode status)
    {
        var outbox = new InMemoryOutbox(Message("m1"));

        await Dispatcher(outbox, _ => new HttpResponseMessage(status)).DispatchDueAsync(Ct);

        Assert.Equal(Now, outbox["m1"].DeliveredAt);
        Assert.Equal(0, outbox["m1"].Attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "400")]
    [InlineData(HttpStatusCode.Found, "302")]
    [InlineData(HttpStatusCode.InternalServerError, "500")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "503")]
    public async Task Dispatch_WhenPlatformAnswersAnythingElse_RecordsTheStatusAndBacksOff(HttpStatusCode status, string reason)
    {
        var outbox = new InMemoryOutbox(Message("m1", attempts: 2));

        await Dispatcher(outbox, _ => new HttpResponseMessage(status) { Content = new StringContent("{\"err\":\"secret body\"}") }).DispatchDueAsync(Ct);

        var failed = outbox["m1"];
        Assert.Null(failed.DeliveredAt);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(reason, failed.LastError);
        Assert.InRange(failed.NextAttemptAt - Now, TimeSpan.FromSeconds(8 * 0.8), TimeSpan.FromSeconds(8 * 1.2));
    }

    public static TheoryData<string, string> Exceptions => new()
    {
        { "timeout", "TimeoutException" },
        { "refused", "HttpRequestException" },
        { "io", "IOException" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public async Task Dispatch_WhenTheRequestFails_RecordsTheExceptionType(string fault, string reason)
    {
        var outbox = new InMemoryOutbox(Message("m1"));

        await Dispatcher(outbox, _ => throw (fault switch
        {
            "timeout" => new TaskCanceledException("timed out", new TimeoutException()),
            "refused" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)"),
            _ => (Exception)new IOException("reset"),
        })).DispatchDueAsync(Ct);

        Assert.Equal(reason, outbox["m1"].LastError);
        Assert.Equal(1, outbox["m1"].Attempts);
        Assert.InRange(outbox["m1"].NextAttemptAt - Now, TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4));
    }

    [Fact]
    public async Task Dispatch_OfSeveralDueEvents_PushesEachOnceToItsEndpoint()
    {
        var outbox = new InMemoryOutbox(Message("m1"), Message("m2"), Message("m3") with { NextAttemptAt = Now.AddMinutes(1) });
        var pushed = new ConcurrentBag<string>();

        var tried = await Dispatcher(outbox, request =>
        {
            pushed.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return new HttpResponseMessage(HttpStatusCode.Accepted);
        }).DispatchDueAsync(Ct);

        Assert.Equal(2, tried);
        Assert.Equal(["payload-m1", "payload-m2"], pushed.Order(StringComparer.Ordinal));
        Assert.Null(outbox["m3"].DeliveredAt);
    }

    [Fact]
    public async Task Dispatch_WhenFailingSinceBeforeTheBound_GivesTheEventUpAsADeadLetter()
    {
        var bound = new BackChannelEventOptions().OutboxDeadLetterAfter;
        var outbox = new InMemoryOutbox(
            Message("m1", attempts: 400) with { FailingSince = Now - bound },
            Message("m2", attempts: 400) with { FailingSince = Now - bound + TimeSpan.FromSeconds(1) });

        await Dispatcher(outbox, _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)).DispatchDueAsync(Ct);

        Assert.Equal((OutboxState.Dead, Now, 401, "503"), (outbox["m1"].State, outbox["m1"].DeadLetteredAt, outbox["m1"].Attempts, outbox["m1"].LastError));
        Assert.Equal((OutboxState.Pending, 401), (outbox["m2"].State, outbox["m2"].Attempts));
    }

    [Fact]
    public async Task Dispatch_OfAFirstFailure_RecordsWhenFailingBegan()
    {
        var outbox = new InMemoryOutbox(Message("m1"));

        await Dispatcher(outbox, _ => new HttpResponseMessage(HttpStatusCode.BadGateway)).DispatchDueAsync(Ct);

        Assert.Equal(Now, outbox["m1"].FailingSince);
        Assert.Equal(OutboxState.Pending, outbox["m1"].State);
    }

    private static OutboxMessage Message(string id, int attempts = 0) => new()
    {
        Id = id,
        ClientId = "platform-events",
        Endpoint = new Uri("https://events.example/events"),
        Payload = "payload-" + id,
        CreatedAt = Now.AddMinutes(-5),
        Attempts = attempts,
        NextAttemptAt = Now.AddSeconds(-1),
    };

    private static OutboxDispatcher Dispatcher(IEventOutbox outbox, Func<HttpRequestMessage, HttpResponseMessage> answer) => new(
        outbox,
        new NoKey(),
        new Clients(answer),
        Options.Create(new BackChannelEventOptions()),
        new OutboxBacklog(),
        new NoStreamHeaders(),
        new FixedClock(Now),
        NullLogger<OutboxDispatcher>.Instance);

    /// <summary>No message here travels on an SSF stream.</summary>
    private sealed class NoStreamHeaders : NetIdentity.Broker.Ssf.IStreamPushHeaders
    {
        public Task<string?> ForAsync(string streamId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }

    /// <summary>These payloads are already signed (as queued before signing moved to dispatch): no key is asked for.</summary>
    private sealed class NoKey : NetIdentity.Broker.Keys.IActiveSigningKey
    {
        public Microsoft.IdentityModel.Tokens.SigningCredentials ActiveSigning => throw new InvalidOperationException("No key is needed for a signed payload.");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Clients(Func<HttpRequestMessage, HttpResponseMessage> answer) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Handler(answer));

        private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(answer(request));
        }
    }

    /// <summary>A fake outbox for these unit tests only (no leases: one dispatcher); the integration tests use the database.</summary>
    private sealed class InMemoryOutbox(params OutboxMessage[] messages) : IEventOutbox
    {
        private readonly ConcurrentDictionary<string, OutboxMessage> _messages = new(messages.ToDictionary(m => m.Id));

        public OutboxMessage this[string id] => _messages[id];

        public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            _messages[message.Id] = message;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OutboxMessage>>(_messages.Values
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(max).ToList());

        public Task<bool> MarkDeliveredAsync(string id, string owner, DateTimeOffset at, CancellationToken cancellationToken)
        {
            _messages[id] = _messages[id] with { DeliveredAt = at };
            return Task.FromResult(true);
        }

        public Task<bool> MarkFailedAsync(string id, string owner, int attempts, DateTimeOffset failedAt, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
        {
            _messages[id] = _messages[id] with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = reason, FailingSince = _messages[id].FailingSince ?? failedAt };
            return Task.FromResult(true);
        }

        public Task<bool> DeadLetterAsync(string id, string owner, int attempts, DateTimeOffset at, string reason, CancellationToken cancellationToken)
        {
            _messages[id] = _messages[id] with { Attempts = attempts, LastError = reason, DeadLetteredAt = at, FailingSince = _messages[id].FailingSince ?? at };
            return Task.FromResult(true);
        }

        public Task<OutboxMessage?> FindAsync(string id, CancellationToken cancellationToken) =>
            Task.FromResult(_messages.GetValueOrDefault(id));

        public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboxRetryOutcome> RetryAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> RetryDeadAsync(string? clientId, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OutboxStatistics> StatisticsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
