using System.Globalization;
using System.Security.Cryptography;

namespace NetIdentity.MockAuthority.SimulatedApp;

/// <summary>
/// Number matching as the app shows it: the code the browser shows among two others of the same
/// length, in random order, so the person has to look at the browser to choose.
/// </summary>
internal static class MatchCodeChoices
{
    private const int Count = 3;

    public static IReadOnlyList<string> For(string code)
    {
        var choices = new List<string> { code };
        var upper = (int)Math.Pow(10, code.Length);
        while (choices.Count < Count)
        {
            var decoy = RandomNumberGenerator.GetInt32(upper).ToString("D" + code.Length.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (!choices.Contains(decoy))
            {
                choices.Add(decoy);
            }
        }

        return [.. choices.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))];
    }
}
