namespace NetIdentity.Cryptography.Tests;

/// <summary>A private scratch directory for files exchanged with the openssl command line, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("netidentity-openssl-");

    public string Path => _directory.FullName;

    public string File(string name) => System.IO.Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);
}
