using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NetIdentity.DemoPlatform.Storage;

/// <summary>
/// One JSON document per key in a folder. A key (a <c>sub</c>, a <c>jti</c>) never becomes a
/// file name as is: its SHA-256 does, so no value can reach outside the folder.
/// </summary>
internal sealed class JsonFiles(string folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder => folder;

    public T? Read<T>(string key)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(PathOf(key)), Json);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string key) => File.Exists(PathOf(key));

    /// <summary>Writes the document whole (to a temporary file, then renamed over the old one).</summary>
    public void Write<T>(string key, T value)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(key);
        var temporary = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json), Encoding.UTF8);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the document; whether there was one.</summary>
    public bool Delete(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Every document in the folder.</summary>
    public IReadOnlyList<T> ReadAll<T>()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var all = new List<T>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) is { } value)
                {
                    all.Add(value);
                }
            }
            catch (Exception exception) when (exception is IOException or JsonException)
            {
                // Removed meanwhile, or not one of ours: skip it.
            }
        }

        return all;
    }

    private string PathOf(string key) =>
        Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");
}
