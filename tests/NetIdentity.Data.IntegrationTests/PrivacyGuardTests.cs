using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// A tripwire for PRODUCT rule 7 (plaintext identity is never stored at rest): none of our own
/// tables may grow a column that looks like a name, an ID number, a phone or a birth date.
/// </summary>
public sealed partial class PrivacyGuardTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public void Model_OwnEntities_HaveNoPersonalDataColumn(string provider)
    {
        using BrokerDbContext db = provider == TestDatabase.Sqlite ? DesignTimeContexts.Sqlite() : DesignTimeContexts.PostgreSql();
        var ours = db.Model.GetEntityTypes().Where(e => e.ClrType.Assembly == typeof(BrokerDbContext).Assembly).ToList();

        var suspicious = ours
            .SelectMany(e => e.GetProperties().SelectMany(p => new[] { $"{e.ClrType.Name}.{p.Name}", $"{e.GetTableName()}.{p.GetColumnName()}" }))
            .Where(name => PersonalData().IsMatch(name))
            .ToList();

        Assert.Equal(3, ours.Count);
        Assert.Empty(suspicious);
    }

    [GeneratedRegex(@"\.\w*(name|id_?number|id_?card|id_?no|phone|mobile|birth|address|email)", RegexOptions.IgnoreCase)]
    private static partial Regex PersonalData();
}
