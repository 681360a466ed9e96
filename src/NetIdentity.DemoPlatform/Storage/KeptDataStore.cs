namespace NetIdentity.DemoPlatform.Storage;

/// <summary>What the forum keeps about one person, by their pairwise <c>sub</c>.</summary>
/// <param name="Subject">The pairwise <c>sub</c>.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="Claims">Claim name → value, as received.</param>
internal sealed record KeptData(string Subject, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, string> Claims);

/// <summary>
/// The forum's record of what it keeps per person: the consented claims it received (age band,
/// masked or — under separate consent — plaintext identity), a JSON file per <c>sub</c> under
/// <c>&lt;DataDirectory&gt;/kept</c>. A consent withdrawal event deletes what was kept under the
/// withdrawn scopes (PIPL Art. 15, 47); nothing else in the forum holds those claims' values for
/// long: the session cookie never holds the plaintext identity at all.
/// </summary>
internal sealed class KeptDataStore(DemoPlatformOptions options, IWebHostEnvironment environment, TimeProvider time)
{
    private readonly JsonFiles _files = new(Path.Combine(options.ResolveDataDirectory(environment.ContentRootPath), "kept"));
    private readonly Lock _gate = new();

    public KeptData? Find(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        lock (_gate)
        {
            return _files.Read<KeptData>(subject);
        }
    }

    /// <summary>Adds <paramref name="claims"/> to what is kept for <paramref name="subject"/>, newer values winning.</summary>
    public KeptData Save(string subject, IReadOnlyDictionary<string, string> claims)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(claims);
        lock (_gate)
        {
            var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in _files.Read<KeptData>(subject)?.Claims ?? new Dictionary<string, string>())
            {
                merged[name] = value;
            }

            foreach (var (name, value) in claims)
            {
                merged[name] = value;
            }

            var kept = new KeptData(subject, time.GetUtcNow(), merged);
            _files.Write(subject, kept);
            return kept;
        }
    }

    /// <summary>Deletes everything kept for <paramref name="subject"/>; returns the names of the claims deleted.</summary>
    public IReadOnlyList<string> Delete(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        lock (_gate)
        {
            var kept = _files.Read<KeptData>(subject);
            _files.Delete(subject);
            return kept?.Claims.Keys.Order(StringComparer.Ordinal).ToList() ?? [];
        }
    }

    /// <summary>
    /// Deletes the claims named <paramref name="claimTypes"/> kept for <paramref name="subject"/>,
    /// and the person's file once nothing else is kept; returns the names of the claims deleted.
    /// </summary>
    public IReadOnlyList<string> Delete(string subject, IEnumerable<string> claimTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(claimTypes);
        var doomed = claimTypes.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            var kept = _files.Read<KeptData>(subject);
            if (kept is null)
            {
                return [];
            }

            var deleted = kept.Claims.Keys.Where(doomed.Contains).Order(StringComparer.Ordinal).ToList();
            if (deleted.Count == 0)
            {
                return [];
            }

            var remaining = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in kept.Claims.Where(pair => !doomed.Contains(pair.Key)))
            {
                remaining[name] = value;
            }

            if (remaining.Count == 0)
            {
                _files.Delete(subject);
            }
            else
            {
                _files.Write(subject, kept with { UpdatedAt = time.GetUtcNow(), Claims = remaining });
            }

            return deleted;
        }
    }
}
