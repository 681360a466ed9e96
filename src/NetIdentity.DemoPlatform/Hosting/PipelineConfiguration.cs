using NetIdentity.DemoPlatform.Events;

namespace NetIdentity.DemoPlatform.Hosting;

/// <summary>How a request travels through the forum.</summary>
internal static class PipelineConfiguration
{
    public static WebApplication ConfigurePipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapLogin();
        app.MapSecurityEvents();
        app.MapBackChannelLogout();
        app.MapRazorPages();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
