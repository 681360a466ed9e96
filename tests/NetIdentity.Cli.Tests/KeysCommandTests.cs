namespace NetIdentity.Cli.Tests;

/// <summary>
/// <c>netidentity keys list|rotate|retire</c> on a broker's database (docs/operations.md), on
/// SQLite and PostgreSQL.
/// </summary>
public sealed class KeysCommandTests
{
    public static TheoryData<string> Providers => CliDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task KeysList_OnABrokersDatabase_ShowsOneActiveKeyOfEachUse(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);

        var (exit, output, _) = await database.RunAsync("keys", "list");

        Assert.Equal(0, exit);
        var rows = Rows(output);
        Assert.Equal(["enc active", "sig active"], rows.Select(r => r[1] + " " + r[3]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task KeysRotate_WithoutAUse_PublishesANextKeyOfEachUseOnce(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        await database.RunAsync("keys", "list");

        var (exit, output, _) = await database.RunAsync("keys", "rotate");
        var again = await database.RunAsync("keys", "rotate");

        Assert.Equal(0, exit);
        Assert.Equal(["enc next", "sig next"], Rows(output).Select(r => r[1] + " " + r[3]).Order(StringComparer.Ordinal));
        Assert.Equal(Rows(output).Select(r => r[0]), Rows(again.Output).Select(r => r[0]));
        var list = Rows((await database.RunAsync("keys", "list")).Output);
        Assert.Equal(4, list.Count);
        Assert.Equal(2, list.Count(r => r[3] == "next"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task KeysRetire_OfTheActiveSigningKey_MarksItCompromisedAndActivatesAnother(string provider)
    {
        await using var database = await CliDatabase.MigratedAsync(provider);
        var active = Rows((await database.RunAsync("keys", "list")).Output).Single(r => r[1] == "sig")[0];

        var (exit, output, _) = await database.RunAsync("keys", "retire", active);

        Assert.Equal(0, exit);
        Assert.Equal($"{active} retired as compromised. Running instances follow within Broker:Keys:RefreshInterval.", output.Trim());
        var signing = Rows((await database.RunAsync("keys", "list")).Output).Where(r => r[1] == "sig").ToList();
        Assert.Equal("compromised", signing.Single(r => r[0] == active)[3]);
        Assert.NotEqual("-", signing.Single(r => r[0] == active)[7]);
        Assert.Single(signing, r => r[3] == "active" && r[0] != active);
    }

    [Fact]
    public async Task KeysRetire_OfAnUnknownKid_FailsWithExitCode4()
    {
        await using var database = await CliDatabase.MigratedAsync(CliDatabase.Sqlite);

        var (exit, _, error) = await database.RunAsync("keys", "retire", "sig-0000000000000000");

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Equal("No key has the id 'sig-0000000000000000'. 'netidentity keys list' shows them.", error.Trim());
    }

    [Fact]
    public async Task KeysRotate_WithAnUnknownUse_IsRefusedBeforeTouchingTheDatabase()
    {
        await using var database = await CliDatabase.MigratedAsync(CliDatabase.Sqlite);

        var (exit, _, error) = await database.RunAsync("keys", "rotate", "--use", "signing");

        Assert.NotEqual(0, exit);
        Assert.Contains("signing", error, StringComparison.Ordinal);
        Assert.Equal(2, Rows((await database.RunAsync("keys", "list")).Output).Count); // only the first keys, made by 'list'
    }

    private static List<string[]> Rows(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => l.Split('\t'))];
}
