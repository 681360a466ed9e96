namespace NetIdentity.Bench.Driver.Reporting;

/// <summary>Latency figures in milliseconds: nearest-rank percentiles over every measured login.</summary>
public sealed record Latency(int Samples, double Mean, double P50, double P95, double P99, double Max)
{
    public static readonly Latency Empty = new(0, 0, 0, 0, 0, 0);

    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0)
        {
            return Empty;
        }

        var sorted = milliseconds.Order().ToArray();
        return new Latency(sorted.Length, Round(sorted.Average()), Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), Round(sorted[^1]));
    }

    private static double Rank(double[] sorted, double p) =>
        Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);

    private static double Round(double value) => Math.Round(value, 2);
}
