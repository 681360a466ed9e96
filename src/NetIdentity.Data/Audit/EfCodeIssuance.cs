using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Audit;

/// <summary>
/// <see cref="ICodeIssuance"/> on the consumed bizSeqs: a verified bizSeq's row gets its
/// <c>code_issued_at</c> once. A singleton: each call borrows a pooled context from its own scope.
/// </summary>
public sealed class EfCodeIssuance : ICodeIssuance
{
    private readonly IServiceScopeFactory _scopes;

    public EfCodeIssuance(IServiceScopeFactory scopes) => _scopes = scopes;

    /// <inheritdoc/>
    /// <remarks>
    /// One conditional <c>UPDATE … WHERE biz_seq = @b AND code_issued_at IS NULL</c>: the database
    /// lets one such update change the row, so of concurrent callers on any instances exactly one
    /// gets <c>true</c>. On PostgreSQL a transient failure is retried; when the first attempt had in
    /// fact updated the row, the retry changes nothing and the answer is <c>false</c>: a code may
    /// be withheld, never issued twice.
    /// </remarks>
    public async Task<bool> TryMarkIssuedAsync(string bizSeq, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bizSeq);
        if (bizSeq.Length > ColumnLengths.BizSeq)
        {
            // No such bizSeq was ever verified; and a fixed-length parameter must not cut it to one that was.
            return false;
        }

        var issuedAt = StoredTime.Normalize(at);

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.ConsumedBizSeqs
            .Where(c => c.BizSeq == bizSeq && c.CodeIssuedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CodeIssuedAt, (DateTimeOffset?)issuedAt), cancellationToken);
        return updated == 1;
    }

    /// <inheritdoc/>
    public async Task<int> PurgeConsumedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var at = StoredTime.Normalize(before);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.ConsumedBizSeqs.Where(c => c.ConsumedAt <= at).ExecuteDeleteAsync(cancellationToken);
    }
}
