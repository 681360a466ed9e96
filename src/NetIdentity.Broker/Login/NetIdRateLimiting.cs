using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Login;

/// <summary>
/// The 网号/网证 path's per-address limits (configuration section <c>Broker:AddressLimits</c>):
/// opening an authority session and polling its status are each a signed call to the authority,
/// so one address must not be able to make them without bound (issue 8 §6). Counted per client
/// address as <see cref="ClientAddresses.PartitionOf"/> sees it, across every instance (<see cref="SharedRateLimits"/>).
/// </summary>
public sealed class AddressLimitOptions
{
    public const string SectionName = "Broker:AddressLimits";

    /// <summary>Authority sessions opened ("use 网号/网证") per client address per <see cref="SessionWindow"/>.</summary>
    public int SessionsPerAddress { get; set; } = 30;

    public TimeSpan SessionWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Status polls (<c>/netid/status</c>, <c>/netid/continue</c>) per client address per <see cref="PollWindow"/>.</summary>
    public int PollsPerAddress { get; set; } = 300;

    public TimeSpan PollWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Which requests the 网号/网证 limits count, their partitions, and the 429 they answer.</summary>
public static class NetIdRateLimiting
{
    /// <summary>"Use 网号/网证" on the method page: the POST whose handler opens an authority session.</summary>
    public static bool IsSessionOpen(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == "/Login/Method"
        && string.Equals(
            context.Request.RouteValues["handler"] as string ?? context.Request.Query["handler"].ToString(), "NetId", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The 429 (NI1204): JSON for the page's status poll (its script backs off and keeps
    /// waiting), a page for a person's browser. Retry-After is the window (RFC 9110 §10.2.3).
    /// </summary>
    public static async Task WriteRejectionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<AddressLimitOptions>>().Value;
        var window = IsSessionOpen(context) ? options.SessionWindow : options.PollWindow;
        var error = LoginErrors.TooManyRequests;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.Value?.EndsWith("/status", StringComparison.OrdinalIgnoreCase) == true)
        {
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: error.OAuthDescription, extensions: new Dictionary<string, object?> { ["code"] = error.Code })
                .ExecuteAsync(context);
            return;
        }

        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        await TooManyAttemptsPage.WriteAsync(context, id, error, window, cancellationToken);
    }
}
