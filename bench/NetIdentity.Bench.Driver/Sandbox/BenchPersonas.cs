using System.Globalization;
using System.Text.Json.Nodes;

namespace NetIdentity.Bench.Driver.Sandbox;

/// <summary>
/// A personas file for the mock (its <c>MockAuthority:PersonasPath</c>): the sandbox's own
/// personas plus <c>count</c> generated adults, <c>bench-00000</c>…, each with a valid GB 11643
/// number, a phone of their own registered to them, and both paths. Fictional like every persona:
/// the numbers are made up by formula, born in January 1981 in a region code used for test data.
/// Distinct people matter: a consent is remembered per person and platform, and the mock's SMS
/// outbox holds one code per phone.
/// </summary>
public static class BenchPersonas
{
    public const string Prefix = "bench-";

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly string[] Surnames = ["李", "王", "张", "刘", "陈", "杨", "黄", "吴"];
    private static readonly string[] GivenNames = ["子涵", "浩然", "雨桐", "思远", "欣怡", "宇航", "梓萱", "俊杰", "诗琪", "明轩"];

    /// <summary>Writes the sandbox's personas (<paramref name="sandboxPersonas"/>) and <paramref name="count"/> bench personas to <paramref name="path"/>.</summary>
    public static void Write(string sandboxPersonas, string path, int count)
    {
        var all = JsonNode.Parse(File.ReadAllText(sandboxPersonas))?.AsArray()
            ?? throw new InvalidOperationException($"{sandboxPersonas} is not a JSON array of personas.");
        for (var i = 0; i < count; i++)
        {
            all.Add(Person(i));
        }

        File.WriteAllText(path, all.ToJsonString());
    }

    private static JsonObject Person(int i)
    {
        var number = IdNumber(i);
        var phone = "139" + i.ToString("D8", CultureInfo.InvariantCulture);
        var id = Prefix + i.ToString("D5", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = id,
            ["label"] = new JsonObject { ["zh"] = "压测用户 " + id, ["en"] = "Bench person " + id },
            ["name"] = Surnames[i % Surnames.Length] + GivenNames[i / Surnames.Length % GivenNames.Length],
            ["idType"] = "resident_id",
            ["idNumber"] = number,
            ["phone"] = phone,
            ["gender"] = (number[16] - '0') % 2 == 1 ? "M" : "F",
            ["password"] = "123456",
            ["credentialState"] = "valid",
            ["behaviour"] = "normal",
            ["faceScore"] = 0.97,
            ["registeredPhones"] = new JsonArray(phone),
            ["paths"] = new JsonArray("netid", "other"),
        };
    }

    /// <summary>Region 110105, born 1981-01-01 plus i/900 days, sequence 100 + i%900, and the GB 11643 check character.</summary>
    internal static string IdNumber(int i)
    {
        var birth = new DateOnly(1981, 1, 1).AddDays(i / 900);
        var body = "110105" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (100 + (i % 900)).ToString("D3", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var k = 0; k < 17; k++)
        {
            sum += (body[k] - '0') * Weights[k];
        }

        return body + "10X98765432"[sum % 11];
    }
}
