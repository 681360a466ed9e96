namespace NetIdentity.DemoPlatform.Storage;

/// <summary>The forum's own settings (configuration section <c>DemoPlatform</c>).</summary>
internal sealed class DemoPlatformOptions
{
    public const string SectionName = "DemoPlatform";

    /// <summary>
    /// Where the forum keeps what it stores about people and the security events it received;
    /// relative paths are under the content root. Default: <c>App_Data</c> in the content root.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The data directory as an absolute path.</summary>
    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? "App_Data" : DataDirectory, contentRoot);
}
