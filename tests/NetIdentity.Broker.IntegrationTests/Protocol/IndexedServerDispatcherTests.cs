using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Oidc;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// <see cref="IndexedServerDispatcher"/> runs an event's handlers exactly as OpenIddict's own
/// <see cref="OpenIddictServerDispatcher"/> does (issue 10): every case runs both on the same
/// handlers and compares what ran, in which order, and where it stopped.
/// </summary>
public sealed class IndexedServerDispatcherTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Broker_DispatchesWithTheIndex()
    {
        await using var broker = hosts.StartBroker();
        await using var scope = broker.Services.CreateAsyncScope();

        Assert.IsType<IndexedServerDispatcher>(scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>());
    }

    [Fact]
    public async Task Dispatch_RunsOnlyTheEventsHandlers_InOrder_AsksAFilterAfterThePreviousHandler_AndStopsWhereTheRequestIsHandled()
    {
        var setup = new Setup();
        setup.Handler<ProcessRequestContext>(10, "first", context => context.Transaction.Properties["first-ran"] = true);
        setup.Handler<ProcessSignInContext>(15, "other event");
        setup.Handler<ProcessRequestContext>(20, "needs first", filters: b => b.AddFilter<RequiresFirstRan>());
        setup.Handler<ProcessRequestContext>(30, "filtered out", filters: b => b.AddFilter<NeverActive>());
        setup.Handler<ProcessRequestContext>(35, "filtered out by its second filter", filters: b => b.AddFilter<AlwaysActive>().AddFilter<NeverActive>());
        setup.Handler<ProcessRequestContext>(40, "from the container", resolved: true);
        setup.Handler<ProcessRequestContext>(50, "handles", context => context.HandleRequest());
        setup.Handler<ProcessRequestContext>(60, "after handled");

        var (openIddict, indexed) = await setup.DispatchBothAsync(transaction => new ProcessRequestContext(transaction));

        Assert.Equal(["first", "needs first", "from the container", "handles"], indexed);
        Assert.Equal(openIddict, indexed);
    }

    [Fact]
    public async Task Dispatch_StopsWhereTheRequestIsSkipped()
    {
        var setup = new Setup();
        setup.Handler<ProcessRequestContext>(10, "skips", context => context.SkipRequest());
        setup.Handler<ProcessRequestContext>(20, "after skipped");

        var (openIddict, indexed) = await setup.DispatchBothAsync(transaction => new ProcessRequestContext(transaction));

        Assert.Equal(["skips"], indexed);
        Assert.Equal(openIddict, indexed);
    }

    [Fact]
    public async Task Dispatch_StopsWhereTheRequestIsRejected()
    {
        var setup = new Setup();
        setup.Handler<ValidateTokenRequestContext>(10, "accepts");
        setup.Handler<ValidateTokenRequestContext>(20, "rejects", context => context.Reject(OpenIddictConstants.Errors.InvalidGrant, "refused"));
        setup.Handler<ValidateTokenRequestContext>(30, "after rejected");

        var (openIddict, indexed) = await setup.DispatchBothAsync(transaction => new ValidateTokenRequestContext(transaction));

        Assert.Equal(["accepts", "rejects"], indexed);
        Assert.Equal(openIddict, indexed);
    }

    [Fact]
    public async Task Dispatch_WhenAFilterIsNotRegistered_FailsAsOpenIddictDoes()
    {
        var setup = new Setup();
        setup.Handler<ProcessRequestContext>(10, "before");
        setup.Handler<ProcessRequestContext>(20, "unregistered filter", filters: b => b.AddFilter<UnregisteredFilter>());

        var indexed = await Assert.ThrowsAsync<InvalidOperationException>(() => setup.DispatchAsync<IndexedServerDispatcher, ProcessRequestContext>(t => new ProcessRequestContext(t)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => setup.DispatchAsync<OpenIddictServerDispatcher, ProcessRequestContext>(t => new ProcessRequestContext(t)));

        Assert.Contains(nameof(UnregisteredFilter), indexed.Message, StringComparison.Ordinal);
        Assert.Equal(["before", "before"], setup.Ran);
    }

    [Fact]
    public async Task Dispatch_WhenTheOptionsAreBuiltAgain_UsesTheNewHandlers()
    {
        // New token keys build the server options again (OidcServerRegistration): a new list.
        var first = new Setup();
        first.Handler<ProcessRequestContext>(10, "old");
        var second = new Setup();
        second.Handler<ProcessRequestContext>(10, "new");
        second.Handler<ProcessRequestContext>(20, "new too");

        Assert.Equal(["old"], (await first.DispatchBothAsync(t => new ProcessRequestContext(t))).Indexed);
        Assert.Equal(["new", "new too"], (await second.DispatchBothAsync(t => new ProcessRequestContext(t))).Indexed);
        Assert.Equal(["old"], (await first.DispatchBothAsync(t => new ProcessRequestContext(t))).Indexed);
    }

    /// <summary>Handlers that write their names into <see cref="Ran"/>, and both dispatchers over them.</summary>
    private sealed class Setup
    {
        private readonly OpenIddictServerOptions _options = new();
        private readonly ServiceCollection _services = new();

        // Only this test's handlers: a new options instance starts with OpenIddict's own.
        public Setup() => _options.Handlers.Clear();

        public List<string> Ran { get; } = [];

        public void Handler<TContext>(
            int order,
            string name,
            Action<TContext>? act = null,
            Action<OpenIddictServerHandlerDescriptor.Builder<TContext>>? filters = null,
            bool resolved = false)
            where TContext : BaseContext
        {
            var builder = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>().SetOrder(order).SetType(OpenIddictServerHandlerType.Custom);
            filters?.Invoke(builder);

            var descriptor = resolved
                ? builder.UseSingletonHandler<RecordingHandler<TContext>>().Build()
                : builder.UseInlineHandler(context =>
                {
                    Ran.Add(name);
                    act?.Invoke(context);
                    return ValueTask.CompletedTask;
                }).Build();
            if (resolved)
            {
                _services.AddSingleton(new RecordingHandler<TContext>(Ran, name));
            }

            _options.Handlers.Add(descriptor);
            _options.Handlers.Sort((left, right) => left.Order.CompareTo(right.Order));
        }

        public async Task<(List<string> OpenIddict, List<string> Indexed)> DispatchBothAsync<TContext>(Func<OpenIddictServerTransaction, TContext> create)
            where TContext : BaseContext
        {
            Ran.Clear();
            await DispatchAsync<OpenIddictServerDispatcher, TContext>(create);
            var openIddict = Ran.ToList();
            Ran.Clear();
            await DispatchAsync<IndexedServerDispatcher, TContext>(create);
            return (openIddict, Ran.ToList());
        }

        public async Task DispatchAsync<TDispatcher, TContext>(Func<OpenIddictServerTransaction, TContext> create)
            where TDispatcher : IOpenIddictServerDispatcher
            where TContext : BaseContext
        {
            IServiceCollection services = new ServiceCollection();
            foreach (var service in _services)
            {
                services.Add(service);
            }

            services.AddSingleton<AlwaysActive>().AddSingleton<NeverActive>().AddSingleton<RequiresFirstRan>();
            services.AddSingleton<IOptionsMonitor<OpenIddictServerOptions>>(new FixedOptions(_options));
            services.AddLogging();
            services.AddScoped(typeof(TDispatcher));
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var transaction = new OpenIddictServerTransaction { Options = _options, Logger = NullLogger.Instance, Request = new OpenIddictRequest() };
            await ((IOpenIddictServerDispatcher)scope.ServiceProvider.GetRequiredService(typeof(TDispatcher))).DispatchAsync(create(transaction));
        }
    }

    private sealed class RecordingHandler<TContext>(List<string> ran, string name) : IOpenIddictServerHandler<TContext>
        where TContext : BaseContext
    {
        public ValueTask HandleAsync(TContext context)
        {
            ran.Add(name);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class AlwaysActive : IOpenIddictServerHandlerFilter<BaseContext>
    {
        public ValueTask<bool> IsActiveAsync(BaseContext context) => ValueTask.FromResult(true);
    }

    private sealed class NeverActive : IOpenIddictServerHandlerFilter<BaseContext>
    {
        public ValueTask<bool> IsActiveAsync(BaseContext context) => ValueTask.FromResult(false);
    }

    /// <summary>Active only once the handler "first" has run: a filter that reads what an earlier handler set.</summary>
    private sealed class RequiresFirstRan : IOpenIddictServerHandlerFilter<BaseContext>
    {
        public ValueTask<bool> IsActiveAsync(BaseContext context) => ValueTask.FromResult(context.Transaction.Properties.ContainsKey("first-ran"));
    }

    private sealed class UnregisteredFilter : IOpenIddictServerHandlerFilter<BaseContext>
    {
        public ValueTask<bool> IsActiveAsync(BaseContext context) => ValueTask.FromResult(true);
    }

    private sealed class FixedOptions(OpenIddictServerOptions value) : IOptionsMonitor<OpenIddictServerOptions>
    {
        public OpenIddictServerOptions CurrentValue => value;

        public OpenIddictServerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
    }
}
