using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Data;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;
using Protection = OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Writes the database entry of a token whose payload the database keeps (an authorization code;
/// a pushed request's <c>request_uri</c>) with one INSERT, where OpenIddict inserts the entry,
/// generates the token, then updates the entry with the payload and the reference (issue 10: one
/// statement fewer per login, and on PostgreSQL one round trip fewer).
/// </summary>
/// <remarks>
/// Two steps around OpenIddict's <c>GenerateIdentityModelToken</c>, which must find the entry's
/// identifier in the principal (the token carries it):
/// <list type="number">
/// <item><see cref="Reserve"/>, just before OpenIddict's <c>CreateTokenEntry</c>, builds the entry
/// as that handler would (type, status, subject, dates, authorization, platform), gives it a new
/// identifier (a GUID, as EF Core would on insert) and puts the identifier in the principal. It
/// then tells OpenIddict's two handlers that the entry is taken care of.</item>
/// <item><see cref="Insert"/>, where OpenIddict's <c>AttachTokenPayload</c> runs, adds the payload
/// and a new 256-bit reference, and creates the entry through OpenIddict's token manager, which
/// stores the reference only as its SHA-256 hash, as before. The token handed out becomes the
/// reference.</item>
/// </list>
/// What the platform gets and what the database holds are the same as before; only the
/// statement count changes. A code is handed out only after its entry is written: an insert that
/// fails fails the request. User codes (a device flow, not enabled here) keep OpenIddict's own
/// handlers, which draw the short code again while it collides.
/// </remarks>
public static class InsertTokenEntryOnce
{
    private const string ReservationKey = "netidentity:token-entry-reservation";

    private sealed record Reservation(string Id, OpenIddictTokenDescriptor Descriptor);

    /// <summary>Step 1: the entry's values and identifier, before the token is generated.</summary>
    public sealed class Reserve(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
                .AddFilter<RequireDegradedModeDisabled>()
                .AddFilter<RequireTokenStorageEnabled>()
                .AddFilter<RequireTokenEntryCreated>()
                .AddFilter<RequireTokenPayloadPersisted>()
                .UseScopedHandler<Reserve>()
                .SetOrder(Protection.CreateTokenEntry.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(GenerateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.TokenType is TokenTypeIdentifiers.Private.UserCode or TokenTypeIdentifiers.Private.DeviceCode)
            {
                return;
            }

            var principal = context.Principal;
            var descriptor = new OpenIddictTokenDescriptor
            {
                AuthorizationId = principal.GetAuthorizationId(),
                CreationDate = principal.GetCreationDate(),
                ExpirationDate = principal.GetExpirationDate(),
                Principal = principal,
                Status = Statuses.Valid,
                Subject = principal.GetClaim(Claims.Subject),
                Type = context.TokenType,
            };

            if (!string.IsNullOrEmpty(context.ClientId))
            {
                var application = await applications.FindByClientIdAsync(context.ClientId)
                    ?? throw new InvalidOperationException($"The platform '{context.ClientId}' a token is being issued to is not registered.");
                descriptor.ApplicationId = await applications.GetIdAsync(application);
            }

            var id = Guid.NewGuid().ToString();
            principal.SetTokenId(id);
            context.Transaction.SetProperty(ReservationKey, new Reservation(id, descriptor));

            // OpenIddict's CreateTokenEntry and AttachTokenPayload are filtered on these two.
            context.CreateTokenEntry = false;
            context.PersistTokenPayload = false;
        }
    }

    /// <summary>Step 2: the entry, with its payload and reference, in one insert.</summary>
    public sealed class Insert(IOpenIddictTokenManager tokens, BrokerDbContext db) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
                .UseScopedHandler<Insert>()
                .SetOrder(Protection.AttachTokenPayload.Descriptor.Order)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(GenerateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Transaction.GetProperty<Reservation>(ReservationKey) is not { } reservation)
            {
                return;
            }

            // A reservation is for the token being generated now, and is used once.
            context.Transaction.SetProperty<Reservation>(ReservationKey, null);
            if (!string.Equals(context.Principal.GetTokenId(), reservation.Id, StringComparison.Ordinal) || string.IsNullOrEmpty(context.Token))
            {
                throw new InvalidOperationException("A token entry was reserved for another token, or no token was generated; nothing was stored or issued.");
            }

            var descriptor = reservation.Descriptor;
            descriptor.Payload = context.Token;
            descriptor.Principal = context.Principal;
            if (context.IsReferenceToken)
            {
                descriptor.ReferenceId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            }

            var entry = new OpenIddictEntityFrameworkCoreToken { Id = reservation.Id };
            await tokens.PopulateAsync(entry, descriptor);

            // Tracked before the manager checks that no other entry has its reference: OpenIddict's
            // store looks in the request's tracker first, as it does when it updates an entry, and
            // finds this one, instead of asking the database for a 256-bit random value's hash (the
            // column's unique index refuses a duplicate in any case). Nothing else saves in between.
            db.Add(entry);
            try
            {
                await tokens.CreateAsync(entry);
            }
            catch
            {
                db.Entry(entry).State = EntityState.Detached;
                throw;
            }

            if (context.IsReferenceToken)
            {
                context.Token = descriptor.ReferenceId;
            }
        }
    }
}
