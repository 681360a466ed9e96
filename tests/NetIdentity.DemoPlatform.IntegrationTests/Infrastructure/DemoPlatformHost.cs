using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The real demo forum in process (its own Program, appsettings and pipeline), logging in with
/// <paramref name="authority"/> and keeping its data in a fresh folder.
/// </summary>
internal sealed class DemoPlatformHost(string authority) : WebApplicationFactory<Program>
{
    private readonly LogCapture _logs = new();

    public const string ClientId = "demo-forum";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("netid-demo-").FullName;

    public KeptDataStore Kept => Services.GetRequiredService<KeptDataStore>();

    public ReceivedEventStore Received => Services.GetRequiredService<ReceivedEventStore>();

    /// <summary>Every line the forum logged.</summary>
    public IReadOnlyCollection<string> Logs => _logs.Lines;

    /// <summary>Pushes <paramref name="body"/> to <c>POST /events</c> as the broker does (RFC 8935 §2).</summary>
    public async Task<HttpResponseMessage> PushAsync(string body, string contentType = "application/secevent+jwt")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events")
        {
            Content = new StringContent(body, MediaTypeHeaderValue.Parse(contentType)),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");

        // Settings the forum reads while registering services must arrive before Build().
        builder.UseSetting("NetIdentity:Authority", authority);
        builder.UseSetting("NetIdentity:ClientId", ClientId);
        builder.UseSetting("NetIdentity:ClientSecret", "demo-forum-development-secret-0123456789");
        builder.UseSetting("DemoPlatform:DataDirectory", DataDirectory);
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }
    }
}
