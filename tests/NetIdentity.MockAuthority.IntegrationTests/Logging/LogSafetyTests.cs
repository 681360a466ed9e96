using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

namespace NetIdentity.MockAuthority.IntegrationTests.Logging;

/// <summary>PRODUCT rule 7: plaintext identity, phones, one-time codes and keys never reach a log.</summary>
public sealed class LogSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_AfterEveryKindOfRequest_HoldNoPersonalDataCodeOrKey()
    {
        var logs = new CapturingLoggerProvider();
        await using var mock = await MockAuthorityHost.StartAsync(logging: logs);
        var bizSeq = await mock.ApprovedSessionAsync("adult", "R04", null, "ageBand", "gender");
        await mock.Sandbox.QueryCredentialAsync(bizSeq, Ct);
        await mock.Sandbox.QueryIdentityAsync(bizSeq, Ct);
        var requestId = AuthorityClient.NewId();
        var envelope = AuthorityClient.SealToAuthority(new { name = "韩雪梅", idType = "resident_id", idNumber = "440305199912120920", phone = "13800000014" }, requestId);
        await mock.Sandbox.PostAsync("/v1/realname/verifications", new() { ["requestId"] = requestId, ["identityEnvelope"] = envelope }, Ct);
        var code = await mock.Tester.OtpAsync("13800000014", Ct);
        await mock.Sandbox.PostAsync("/v1/realname/verifications/otp", new() { ["requestId"] = requestId, ["code"] = code }, Ct);
        await mock.Sandbox.PostRawAsync("/v1/sessions", "{broken"u8.ToArray(), Ct);

        var text = string.Join('\n', logs.Messages);

        Assert.Contains(bizSeq, text, StringComparison.Ordinal);
        foreach (var secret in new[] { "赵一鸣", "110105199003071239", "13800000001", "韩雪梅", "440305199912120920", "13800000014", code, "PRIVATE KEY" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + exception);
        }
    }
}
