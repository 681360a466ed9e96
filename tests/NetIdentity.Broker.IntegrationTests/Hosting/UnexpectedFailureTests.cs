using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Login;
using Npgsql;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// A request that fails inside the broker ends in a clean page with NI1601 (docs/errors/NI1601.md),
/// never a stack trace or an empty 500: 503 with Retry-After when the database could not be used
/// beyond the retries (a PostgreSQL restart or fail-over that lasted too long, issue 11 §2), 500
/// for anything else. Here a login-state store stands in for the database and fails as told.
/// </summary>
public sealed class UnexpectedFailureTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    /// <summary>A valid authorization request: the broker stores the new login's state, which fails.</summary>
    private static Uri Authorize => new(new AuthorizationRequest(TestPlatforms.A).Url(), UriKind.Relative);

    [Fact]
    public async Task Page_WhenTheDatabaseIsUnreachableBeyondTheRetries_Answers503WithRetryAfterAndTheNI1601Page()
    {
        // What Npgsql's retrying execution strategy throws when it gives up on a dead server.
        var failure = new RetryLimitExceededException("retries exhausted", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
        await using var broker = hosts.StartBroker(services: s => s.AddSingleton<ILoginStates>(new FailingLoginStates(failure)));
        using var client = broker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var answer = await client.GetAsync(Authorize, TestContext.Current.CancellationToken);
        var html = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-error-code=\"NI1601\"", html, StringComparison.Ordinal);
        Assert.Contains("身份认证服务暂时无法完成您的请求。", html, StringComparison.Ordinal);
        Assert.Contains("The identity service could not complete your request right now.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("5432", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WhenSomethingElseFails_Answers500WithTheNI1601PageAndNothingOfTheException()
    {
        var failure = new InvalidOperationException("internal detail that must stay in the log");
        await using var broker = hosts.StartBroker(services: s => s.AddSingleton<ILoginStates>(new FailingLoginStates(failure)));
        using var client = broker.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var answer = await client.GetAsync(Authorize, TestContext.Current.CancellationToken);
        var html = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Null(answer.Headers.RetryAfter);
        Assert.Contains("data-error-code=\"NI1601\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("internal detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    /// <summary>Login state that cannot be read or written: every call fails with the given exception (the purge finds nothing).</summary>
    private sealed class FailingLoginStates(Exception failure) : ILoginStates
    {
        public Task<bool> CreateAsync(StoredLogin login, CancellationToken cancellationToken) => Task.FromException<bool>(failure);

        public Task<StoredLogin?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromException<StoredLogin?>(failure);

        public Task<bool> TryReplaceAsync(string key, long expectedVersion, string state, string payload, CancellationToken cancellationToken) => Task.FromException<bool>(failure);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.FromException(failure);

        public Task<bool> TryDeleteAsync(string key, long expectedVersion, CancellationToken cancellationToken) => Task.FromException<bool>(failure);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
