using System.Text;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// PRODUCT rule 7: plaintext identity is never stored at rest and never written to a log. Scans a
/// broker's SQLite file and its write-ahead log (as UTF-8 and as UTF-16) and every log line it
/// wrote for every persona's name, ID number and phone.
/// </summary>
internal static class PlaintextScan
{
    public static async Task AssertNoneAsync(BrokerHost broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var log = await broker.AuthenticationLogAsync();
        var latest = log.Count == 0 ? null : log[^1].BizSeq;
        var database = await DatabaseBytesAsync(broker.DatabasePath);
        var logs = broker.Logs.Lines.ToList();

        // The scan must see the latest writes (the write-ahead log), or it proves nothing.
        Assert.True(latest is null || Contains(database, Encoding.ASCII.GetBytes(latest)), "The scan does not see the latest writes.");
        Assert.NotEmpty(logs);
        foreach (var value in Personas.PlaintextValues)
        {
            Assert.False(Contains(database, Encoding.UTF8.GetBytes(value)), $"The database holds '{value}'.");
            Assert.False(Contains(database, Encoding.Unicode.GetBytes(value)), $"The database holds '{value}' (UTF-16).");
            Assert.DoesNotContain(logs, line => line.Contains(value, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The SQLite file and its write-ahead log, read while the broker runs: the log first. A
    /// checkpoint copies pages from the log into the file before the log is reused, so whatever
    /// the log no longer holds when it is read is in the file read after it. In the other order a
    /// checkpoint between the two reads could hide the newest pages from both (seen once in
    /// SsfFlowTests, whose outbox keeps writing).
    /// </summary>
    internal static async Task<byte[]> DatabaseBytesAsync(string databasePath)
    {
        using var bytes = new MemoryStream();
        foreach (var path in new[] { databasePath + "-wal", databasePath }.Where(File.Exists))
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await file.CopyToAsync(bytes);
        }

        Assert.True(bytes.Length > 0, "The broker's database was not found.");
        return bytes.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
