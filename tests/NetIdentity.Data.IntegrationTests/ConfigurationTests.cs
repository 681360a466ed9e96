using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Data.Audit;
using NetIdentity.Data.Consent;
using NetIdentity.Data.PostgreSql;
using NetIdentity.Data.Sqlite;

namespace NetIdentity.Data.IntegrationTests;

public sealed class ConfigurationTests
{
    private const string MaxRetryCountAdvice = "Set it to a whole number, 0 (no retries) or more, or remove it to get the default, 6.";
    private const string MaxRetryDelayAdvice = "Set it to a positive time span such as 00:00:30, or remove it to get that default.";

    [Fact]
    public void AddNetIdentityData_WithUnknownProvider_ThrowsSayingWhichProvidersWork()
    {
        var configuration = Configuration(("Database:Provider", "MySql"));

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddNetIdentityData(configuration));

        Assert.Equal(
            "Database:Provider is 'MySql', which NetIdentity does not support. Set Database:Provider to 'Sqlite' (one machine; the default) or 'PostgreSql' (several instances).",
            exception.Message);
    }

    [Fact]
    public void AddNetIdentityData_WithPostgreSqlAndNoConnectionString_ThrowsSayingWhatToSet()
    {
        var configuration = Configuration(("Database:Provider", "PostgreSql"));

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddNetIdentityData(configuration));

        Assert.Equal(
            "Database:Provider is 'PostgreSql' but ConnectionStrings:NetIdentity is empty. Set ConnectionStrings:NetIdentity to the PostgreSQL connection string, e.g. 'Host=db.example;Database=netidentity;Username=netidentity;Password=...'.",
            exception.Message);
    }

    [Fact]
    public void AddNetIdentityData_WithInvalidPostgreSqlConnectionString_ThrowsSayingWhatIsWrong()
    {
        var configuration = Configuration(("Database:Provider", "PostgreSql"), ("ConnectionStrings:NetIdentity", "Hots=db"));

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddNetIdentityData(configuration));

        Assert.StartsWith("ConnectionStrings:NetIdentity is not a valid PostgreSQL connection string (", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNetIdentityData_WithPostgreSqlAndNoConnectionSettings_PreparesStatementsAndSkipsThePoolsReset()
    {
        var settings = PostgresSettings("Host=db.example;Database=netidentity;Username=broker");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(NetIdentityDatabaseSettings.DefaultMaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.True(builder.NoResetOnClose);
        Assert.Equal(("db.example", "netidentity", "broker"), (builder.Host, builder.Database, builder.Username));
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db.example;MaxAutoPrepare=10;NoResetOnClose=False", 10, false)]
    [InlineData("Host=db.example;max auto prepare=200;no reset on close=true", 200, true)]
    public void AddNetIdentityData_WithPostgreSqlSettingsInTheConnectionString_KeepsTheOperatorsChoice(string connectionString, int maxAutoPrepare, bool noResetOnClose)
    {
        var settings = PostgresSettings(connectionString);

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal((maxAutoPrepare, noResetOnClose), (builder.MaxAutoPrepare, builder.NoResetOnClose));
    }

    [Fact]
    public void AddNetIdentityData_WithoutConfiguration_UsesASqliteFileInTheContentRoot()
    {
        var contentRoot = Path.Combine(Path.GetTempPath(), "broker");

        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(Configuration(), contentRoot).BuildServiceProvider();

        var settings = services.GetRequiredService<NetIdentityDatabaseSettings>();
        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Equal($"Data Source={Path.Combine(contentRoot, "netidentity.db")}", settings.ConnectionString);
    }

    [Fact]
    public void AddNetIdentityData_WithSqlite_ResolvesTheSqliteContext()
    {
        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(Configuration(("Database:Provider", "Sqlite"))).BuildServiceProvider();
        using var scope = services.CreateScope();

        Assert.IsType<SqliteBrokerDbContext>(scope.ServiceProvider.GetRequiredService<BrokerDbContext>());
    }

    [Fact]
    public void AddNetIdentityData_WithPostgreSql_ResolvesThePostgresContext()
    {
        var configuration = Configuration(("Database:Provider", "postgresql"), ("ConnectionStrings:NetIdentity", "Host=db.example;Database=netidentity"));
        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();

        Assert.IsType<PostgresBrokerDbContext>(scope.ServiceProvider.GetRequiredService<BrokerDbContext>());
    }

    [Fact]
    public void AddNetIdentityData_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddNetIdentityData(Configuration());
        services.AddNetIdentityData(Configuration(("Database:Provider", "PostgreSql"), ("ConnectionStrings:NetIdentity", "Host=db.example")));

        Assert.Single(services, d => d.ServiceType == typeof(BrokerDbContext));
        Assert.Single(services, d => d.ServiceType == typeof(IAuthenticationLog));
        Assert.Single(services, d => d.ServiceType == typeof(NetIdentityDatabaseSettings));
        Assert.Single(services, d => d.ServiceType == typeof(IConsentLedger));
    }

    [Theory]
    [InlineData(typeof(ICodeIssuance), typeof(EfCodeIssuance))]
    [InlineData(typeof(IConsentLedger), typeof(EfConsentLedger))]
    [InlineData(typeof(IIdentityDeliveries), typeof(EfIdentityDeliveries))]
    [InlineData(typeof(IEventOutbox), typeof(EfEventOutbox))]
    public void AddNetIdentityData_ForEachConsentAndCodePort_RegistersTheDatabaseStoreAsASingleton(Type port, Type store)
    {
        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(Configuration()).BuildServiceProvider(validateScopes: true);

        var first = services.GetRequiredService(port);

        Assert.IsType(store, first);
        Assert.Same(first, services.GetRequiredService(port));
    }

    // PostgresRestartTests (ScaleOut) show the retries ride out a restart; here, that the settings
    // reach the strategy each PostgreSQL context runs its work under. No server is needed: the
    // strategy is built from the options alone.
    [Fact]
    public void AddNetIdentityData_WithPostgreSqlRetrySettings_GivesThemToTheExecutionStrategy()
    {
        var strategy = PostgresStrategy(("Database:MaxRetryCount", "2"), ("Database:MaxRetryDelay", "00:00:05"));

        Assert.Equal((2, TimeSpan.FromSeconds(5)), (strategy.MaxRetryCount, strategy.MaxRetryDelay));
    }

    [Fact]
    public void AddNetIdentityData_WithPostgreSqlAndNoRetrySettings_KeepsNpgsqlsDefaults()
    {
        var options = new DbContextOptionsBuilder<PostgresBrokerDbContext>()
            .UseNpgsql("Host=db.example;Database=netidentity", npgsql => npgsql.EnableRetryOnFailure()).Options;
        using var plain = new PostgresBrokerDbContext(options);
        var npgsqlDefaults = Assert.IsAssignableFrom<ExecutionStrategy>(plain.Database.CreateExecutionStrategy());

        var strategy = PostgresStrategy();

        Assert.Equal((6, TimeSpan.FromSeconds(30)), (strategy.MaxRetryCount, strategy.MaxRetryDelay));
        Assert.Equal((npgsqlDefaults.MaxRetryCount, npgsqlDefaults.MaxRetryDelay), (strategy.MaxRetryCount, strategy.MaxRetryDelay));
    }

    [Fact]
    public void AddNetIdentityData_WithNoRetries_GivesAStrategyThatNeverRetries()
    {
        var strategy = PostgresStrategy(("Database:MaxRetryCount", "0"));

        Assert.Equal(0, strategy.MaxRetryCount);
    }

    [Theory]
    [InlineData("Database:MaxRetryCount", "-1", MaxRetryCountAdvice)]
    [InlineData("Database:MaxRetryCount", "six", MaxRetryCountAdvice)]
    [InlineData("Database:MaxRetryCount", "2.5", MaxRetryCountAdvice)]
    [InlineData("Database:MaxRetryDelay", "00:00:00", MaxRetryDelayAdvice)]
    [InlineData("Database:MaxRetryDelay", "-00:00:30", MaxRetryDelayAdvice)]
    [InlineData("Database:MaxRetryDelay", "30s", MaxRetryDelayAdvice)]
    public void AddNetIdentityData_WithInvalidRetrySetting_ThrowsSayingWhatToSet(string key, string value, string advice)
    {
        var configuration = Configuration(("Database:Provider", "PostgreSql"), ("ConnectionStrings:NetIdentity", "Host=db.example"), (key, value));

        var exception = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddNetIdentityData(configuration));

        Assert.Equal($"{key} is '{value}'. {advice}", exception.Message);
    }

    private static ExecutionStrategy PostgresStrategy(params (string Key, string Value)[] retry)
    {
        var configuration = Configuration([("Database:Provider", "PostgreSql"), ("ConnectionStrings:NetIdentity", "Host=db.example;Database=netidentity"), .. retry]);
        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return Assert.IsAssignableFrom<ExecutionStrategy>(db.Database.CreateExecutionStrategy());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();

    private static NetIdentityDatabaseSettings PostgresSettings(string connectionString)
    {
        var configuration = Configuration(("Database:Provider", "PostgreSql"), ("ConnectionStrings:NetIdentity", connectionString));
        using var services = new ServiceCollection().AddLogging().AddNetIdentityData(configuration).BuildServiceProvider();
        return services.GetRequiredService<NetIdentityDatabaseSettings>();
    }
}
