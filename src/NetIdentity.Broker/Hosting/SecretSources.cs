using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// Where the broker's secrets come from (issue 9 §3). Besides environment variables, a directory of
/// one file per setting (<c>SecretsDirectory</c>: a Kubernetes secret volume, or systemd's
/// <c>$CREDENTIALS_DIRECTORY</c>), read by ASP.NET Core's key-per-file provider: the file
/// <c>Broker__PairwiseSubjectKey</c> holds <c>Broker:PairwiseSubjectKey</c>. Outside Development a
/// secret read from an appsettings file is refused: those files travel with the code, in images
/// and repositories.
/// </summary>
internal static class SecretSources
{
    public const string DirectorySetting = "SecretsDirectory";

    /// <summary>The settings that are secrets and must come from a secret source outside Development.</summary>
    public static readonly string[] Secrets =
    [
        "Broker:PairwiseSubjectKey",
        "Broker:KeyRing:CertificatePassword",
        "Authority:OrganisationPrivateKeyPem",
    ];

    public static void AddSecretsDirectory(this IConfigurationManager configuration)
    {
        if (configuration[DirectorySetting] is { Length: > 0 } directory)
        {
            // Not optional: a named directory that is missing is a deployment error, not "no secrets".
            configuration.AddKeyPerFile(directory, optional: false);
        }
    }

    /// <summary>The appsettings file a setting is read from, or null when it comes from elsewhere or nowhere.</summary>
    public static string? FileOf(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        // The last provider that has the key is the one whose value wins.
        var provider = root.Providers.LastOrDefault(p => p.TryGet(key, out var value) && !string.IsNullOrEmpty(value));
        return provider is FileConfigurationProvider file ? file.Source.Path ?? "a configuration file" : null;
    }

    /// <summary>Refuses, outside Development, a secret of <typeparamref name="TOptions"/> read from an appsettings file.</summary>
    internal sealed class Validator<TOptions>(IConfiguration configuration, IHostEnvironment environment, string prefix) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            if (environment.IsDevelopment())
            {
                return ValidateOptionsResult.Success;
            }

            var failures = Secrets
                .Where(key => key.StartsWith(prefix + ":", StringComparison.Ordinal))
                .Select(key => (key, file: FileOf(configuration, key)))
                .Where(found => found.file is not null)
                .Select(found => $"{found.key} is read from {found.file}; outside Development a secret comes from the environment " +
                    $"({found.key.Replace(":", "__", StringComparison.Ordinal)}) or from a file in {DirectorySetting} (docs/configuration.md), never from an appsettings file.")
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
