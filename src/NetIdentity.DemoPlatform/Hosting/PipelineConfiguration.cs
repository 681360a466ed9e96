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

        // The broker's back channel (docs/events.md), received by NetIdentity.Client. POST /events
        // goes ahead of the /events page, which answers GET on the same path.
        app.MapNetIdentityEvents("/events").WithOrder(-1);
        app.MapNetIdentityBackChannelLogout("/backchannel-logout");
        app.MapRazorPages();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
