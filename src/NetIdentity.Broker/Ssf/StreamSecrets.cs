using Microsoft.AspNetCore.DataProtection;
using NetIdentity.Core.Streams;

namespace NetIdentity.Broker.Ssf;

/// <summary>
/// The <c>Authorization</c> header a push stream's receiver wants with each push (SSF 1.0 §8.1.1,
/// <c>delivery.authorization_header</c>): the platform's secret, so kept protected at rest with
/// the broker's Data Protection keys (shared by every instance), and never returned in a stream's
/// configuration.
/// </summary>
internal interface IStreamPushHeaders
{
    /// <summary>The header value to send with a push on <paramref name="streamId"/>; null when none.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<string?> ForAsync(string streamId, CancellationToken cancellationToken);
}

/// <inheritdoc cref="IStreamPushHeaders"/>
internal sealed class StreamSecrets(IDataProtectionProvider protection, IEventStreams streams) : IStreamPushHeaders
{
    private readonly IDataProtector _protector = protection.CreateProtector("NetIdentity.Ssf.AuthorizationHeader.v1");

    public string? Protect(string? header) => header is null ? null : _protector.Protect(header);

    public async Task<string?> ForAsync(string streamId, CancellationToken cancellationToken) =>
        await streams.FindAsync(streamId, cancellationToken) is { AuthorizationHeader: { } protectedHeader }
            ? _protector.Unprotect(protectedHeader)
            : null;
}
