using System.Globalization;
using NetIdentity.Core.Consent;

namespace NetIdentity.Data.Consent;

/// <summary>
/// How <see cref="ConsentRecord.Items"/> is stored: the <see cref="ConsentItem"/> values as small
/// integers, comma-separated, in the order given (<c>"1,3"</c> is the age band and identity). The
/// integers are the enum's explicit values, which do not change when a member is renamed; the
/// scope each one stands for is <see cref="ConsentScopes.Of"/>.
/// </summary>
internal static class ConsentItemList
{
    public static string Format(IReadOnlyList<ConsentItem> items) =>
        string.Join(',', items.Select(item => ((int)item).ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<ConsentItem> Parse(string stored) =>
        stored.Split(',').Select(value => (ConsentItem)int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
}
