using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// OpenIddict's server dispatcher with an index: runs the handlers of an event exactly as
/// OpenIddict's own <see cref="OpenIddictServerDispatcher"/> does, but finds them in a list of
/// that event's handlers instead of scanning every handler of the server (several hundred) on
/// every event, of which a token request raises dozens. The scan was 3.9 % of the broker's CPU
/// under load (issue 10, docs/performance.md "Seventh round").
/// </summary>
/// <remarks>
/// What is kept, step by step (<c>IndexedServerDispatcherTests</c> runs both dispatchers on the
/// same handlers and compares):
/// <list type="bullet">
/// <item>the handlers run in the options' order (OpenIddict sorts the list once, when the options
/// are built);</item>
/// <item>a handler's filters are asked just before it would run, after the previous handler
/// (a filter may depend on what an earlier handler set on the context), in their order, the first
/// that says no skipping the handler;</item>
/// <item>the dispatch ends after the handler that marks the request handled or skipped, or
/// rejects it;</item>
/// <item>a filter or handler that cannot be resolved fails the request.</item>
/// </list>
/// The index is built per event type and per options instance: when the options are built again
/// (new token keys, <see cref="OidcServerRegistration"/>), the next event indexes the new list.
/// </remarks>
public sealed class IndexedServerDispatcher : IOpenIddictServerDispatcher
{
    private readonly IOptionsMonitor<OpenIddictServerOptions> _options;
    private readonly IServiceProvider _provider;

    public IndexedServerDispatcher(IOptionsMonitor<OpenIddictServerOptions> options, IServiceProvider provider)
    {
        _options = options;
        _provider = provider;
    }

    /// <inheritdoc/>
    public async ValueTask DispatchAsync<TContext>(TContext context)
        where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var descriptor in HandlersOf<TContext>.In(_options.CurrentValue.Handlers))
        {
            if (!await IsActiveAsync(descriptor.FilterTypes, context))
            {
                continue;
            }

            await Resolve<TContext>(descriptor.ServiceDescriptor).HandleAsync(context);
            if (context is BaseRequestContext { IsRequestHandled: true } or BaseRequestContext { IsRequestSkipped: true } or BaseValidatingContext { IsRejected: true })
            {
                return;
            }
        }
    }

    private async ValueTask<bool> IsActiveAsync<TContext>(ImmutableArray<Type> filterTypes, TContext context)
        where TContext : BaseContext
    {
        foreach (var filterType in filterTypes)
        {
            if (_provider.GetService(filterType) is not IOpenIddictServerHandlerFilter<TContext> filter)
            {
                throw new InvalidOperationException($"The OpenIddict server filter '{filterType}' is not registered as a service for {typeof(TContext).Name}.");
            }

            if (!await filter.IsActiveAsync(context))
            {
                return false;
            }
        }

        return true;
    }

    private IOpenIddictServerHandler<TContext> Resolve<TContext>(ServiceDescriptor service)
        where TContext : BaseContext =>
        service.ImplementationInstance as IOpenIddictServerHandler<TContext>
        ?? _provider.GetService(service.ServiceType) as IOpenIddictServerHandler<TContext>
        ?? throw new InvalidOperationException($"The OpenIddict server handler '{service.ServiceType}' is not registered as a service for {typeof(TContext).Name}.");

    /// <summary>
    /// The handlers of <typeparamref name="TContext"/> in one options instance's list, remembered
    /// for the last list seen (there is one at a time; a host in tests may have its own, and is
    /// indexed again when it comes).
    /// </summary>
    private static class HandlersOf<TContext>
        where TContext : BaseContext
    {
        private static Index? last;

        public static OpenIddictServerHandlerDescriptor[] In(List<OpenIddictServerHandlerDescriptor> all)
        {
            var index = last;
            if (index is null || !ReferenceEquals(index.Source, all) || index.Count != all.Count)
            {
                index = new Index(all, all.Count, [.. all.Where(d => d.ContextType == typeof(TContext))]);
                last = index;
            }

            return index.Handlers;
        }

        private sealed record Index(List<OpenIddictServerHandlerDescriptor> Source, int Count, OpenIddictServerHandlerDescriptor[] Handlers);
    }
}
