using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Keys;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Personas;

namespace NetIdentity.MockAuthority;

/// <summary>
/// Builds the mock authority. <c>Program.cs</c> runs it; tests start it in process on a free port.
/// </summary>
public static class MockAuthorityApp
{
    /// <summary>
    /// Builds the application from <paramref name="args"/> (any host or configuration
    /// argument, e.g. <c>--environment Development --urls http://127.0.0.1:0</c>), after
    /// loading and checking the keys, organisations and personas.
    /// </summary>
    /// <param name="args">The command line, as for any ASP.NET Core host.</param>
    /// <param name="overrides">Runs after the mock's own registrations, e.g. to replace the <see cref="TimeProvider"/>.</param>
    /// <param name="contentRoot">
    /// Where its appsettings and personas are; by default the running program's folder. A test
    /// project that also references another web app passes the mock's own build output.
    /// </param>
    /// <exception cref="InvalidOperationException">
    /// The environment is not Development, or a key, organisation or persona is invalid.
    /// </exception>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? overrides = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(MockAuthorityApp).Assembly.GetName().Name,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });

        // A test double of a national identity platform must never face real people: it runs in
        // Development only, not in any environment that merely is not called "Production" (issue 9 §4).
        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"The mock authority runs only in the Development environment, not in '{builder.Environment.EnvironmentName}': it is a test " +
                "double that approves whatever a tester asks. Set ASPNETCORE_ENVIRONMENT=Development.");
        }

        builder.ConfigureServices();
        overrides?.Invoke(builder.Services);

        var app = builder.Build();
        app.ConfigurePipeline();

        // Fail at start-up, not on the first request, when the configuration is wrong.
        try
        {
            var personas = app.Services.GetRequiredService<PersonaCatalog>();
            _ = app.Services.GetRequiredService<AuthorityKeys>();
            var organisations = app.Services.GetRequiredService<OrganisationRegistry>();
            Log.Ready(app.Logger, personas.All.Count, organisations.Count);
            return app;
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }
    }
}
