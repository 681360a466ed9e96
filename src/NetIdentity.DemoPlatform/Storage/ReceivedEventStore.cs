namespace NetIdentity.DemoPlatform.Storage;

/// <summary>A security event the forum accepted, and what it did about it.</summary>
/// <param name="Jti">The event's unique id.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="IssuedAt">Its <c>iat</c>.</param>
/// <param name="EventType">The event type URI.</param>
/// <param name="Subject">The pairwise <c>sub</c> it is about; for a verification event, the stream id.</param>
/// <param name="Scopes">The scopes withdrawn (none for other events).</param>
/// <param name="ConsentId">The broker's id of the consent withdrawn (empty for other events).</param>
/// <param name="Deleted">The names of the claims the forum deleted (never their values).</param>
/// <param name="OnStream">Whether it came on the forum's SSF stream (the SET had a <c>sub_id</c>); false for one sent to the registered endpoint without a stream.</param>
internal sealed record ReceivedEvent(
    string Jti, DateTimeOffset ReceivedAt, DateTimeOffset IssuedAt, string EventType, string Subject,
    IReadOnlyList<string> Scopes, string ConsentId, IReadOnlyList<string> Deleted, bool OnStream = false);

/// <summary>
/// The security events the forum accepted, a JSON file per <c>jti</c> under
/// <c>&lt;DataDirectory&gt;/events</c>: the record testers read on <c>/events</c>, and how a
/// redelivered event is recognised (RFC 8935 §2: delivery is at least once).
/// </summary>
internal sealed class ReceivedEventStore(DemoPlatformOptions options, IWebHostEnvironment environment)
{
    private readonly JsonFiles _files = new(Path.Combine(options.ResolveDataDirectory(environment.ContentRootPath), "events"));

    public bool Contains(string jti) => _files.Exists(jti);

    public void Add(ReceivedEvent received)
    {
        ArgumentNullException.ThrowIfNull(received);
        _files.Write(received.Jti, received);
    }

    /// <summary>Every event received, newest first.</summary>
    public IReadOnlyList<ReceivedEvent> All() =>
        _files.ReadAll<ReceivedEvent>().OrderByDescending(e => e.ReceivedAt).ToList();

    /// <summary>The consent withdrawals about <paramref name="subject"/>, newest first (not the session revocations that may follow them).</summary>
    public IReadOnlyList<ReceivedEvent> WithdrawalsAbout(string subject) =>
        All().Where(e => e.Subject == subject && e.EventType == NetIdentity.Client.NetIdentitySecurityEvents.ConsentWithdrawn).ToList();
}
