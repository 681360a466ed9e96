namespace NetIdentity.Broker.Telemetry;

/// <summary>Traces, metrics and their export (configuration section <c>Telemetry</c>; docs/operations.md).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>) that receives traces and metrics. Unset: nothing is exported.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Record traces (ASP.NET Core, HttpClient, EF Core). Default: when <see cref="OtlpEndpoint"/> is set.</summary>
    public bool? Tracing { get; set; }

    /// <summary>Serve Prometheus metrics at <c>/metrics</c>. Default: on in Development, off elsewhere.</summary>
    public bool? Prometheus { get; set; }

    /// <summary>When set, <c>/metrics</c> answers only <c>Authorization: Bearer</c> this token (Prometheus' <c>authorization</c> setting).</summary>
    public string? ScrapeToken { get; set; }
}
