namespace NetIdentity.Sandbox;

/// <summary>Waits until a service answers <c>GET /healthz</c> with 200, or says why it never will.</summary>
internal static class HealthWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    /// <summary>Null when healthy; otherwise what went wrong, in a sentence.</summary>
    public static async Task<string?> UntilHealthyAsync(HttpClient http, ChildProcess child, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var health = new Uri(child.Spec.BaseUrl, "healthz");
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (child.HasExited)
            {
                return $"{child.Spec.Title} stopped during start-up (exit code {child.ExitCode}); its output above ([{child.Spec.Name}]) says why.";
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer; ask again.
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return $"{child.Spec.Title} did not answer {health} within {timeout.TotalSeconds:0} s; see its output above ([{child.Spec.Name}]).";
    }
}
