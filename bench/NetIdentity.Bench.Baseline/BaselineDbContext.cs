using Microsoft.EntityFrameworkCore;

namespace NetIdentity.Bench.Baseline;

/// <summary>OpenIddict's own entities only, on SQLite: the store every code flow writes to.</summary>
internal sealed class BaselineDbContext(DbContextOptions<BaselineDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
    }
}
