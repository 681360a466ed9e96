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
    /// <summary>
    /// The conditional update of <see cref="TryMarkIssuedAsync"/> as one parameterised statement: it
    /// runs once per login, and EF Core's <c>ExecuteUpdate</c> built, funcletized and looked up the
    /// same statement from an expression tree each time (1.9 % of the broker's samples under load,
    /// issue 10). The bizSeq is cast to the column's fixed-length type: on PostgreSQL a <c>text</c>
    /// parameter would compare the column as text and scan the table instead of using the primary
    /// key (EXPLAIN shows both); on SQLite the cast changes nothing.
    /// </summary>
    private static readonly string MarkIssued =
        $"UPDATE {ConsumedBizSeqConfiguration.Table} SET code_issued_at = {{0}} WHERE biz_seq = CAST({{1}} AS character({ColumnLengths.BizSeq})) AND code_issued_at IS NULL";

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

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        var updated = await db.Database.ExecuteSqlRawAsync(MarkIssued, [StoredTime.ForRawSql(db.Database, at), bizSeq], cancellationToken);
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
