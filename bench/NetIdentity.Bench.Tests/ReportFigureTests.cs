using NetIdentity.Bench.Driver.Reporting;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.Bench.Tests;

/// <summary>The driver's arithmetic and its generated personas, without any server.</summary>
public sealed class ReportFigureTests
{
    [Fact]
    public void Latency_HundredSamples_UsesNearestRankPercentiles()
    {
        // Arrange
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        // Act
        var latency = Latency.Of(samples);

        // Assert
        Assert.Equal((100, 50.5, 50, 95, 99, 100), (latency.Samples, latency.Mean, latency.P50, latency.P95, latency.P99, latency.Max));
    }

    [Fact]
    public void Latency_NoSamples_IsAllZero()
    {
        // Act
        var latency = Latency.Of([]);

        // Assert
        Assert.Equal(Latency.Empty, latency);
    }

    [Fact]
    public void BenchPersonas_ThreeThousand_HaveDistinctNumbersWithTheGb11643CheckCharacter()
    {
        // Arrange
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

        // Act
        var numbers = Enumerable.Range(0, 3000).Select(BenchPersonas.IdNumber).ToList();

        // Assert: the check character recomputed independently (GB 11643-1999 §5.2, ISO 7064 MOD 11-2).
        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.Ordinal).Count());
        Assert.All(numbers, number =>
        {
            var sum = number.Take(17).Select((c, k) => (c - '0') * weights[k]).Sum();
            Assert.Equal((12 - (sum % 11)) % 11 == 10 ? 'X' : (char)('0' + ((12 - (sum % 11)) % 11)), number[17]);
        });
    }
}
