using System.Globalization;

namespace NetIdentity.Broker.Pages;

/// <summary>
/// Page text in Chinese (the default) or English (PRODUCT.md: zh-CN by default, English
/// available). Each text sits next to its translation where it is used.
/// </summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => IsEnglish ? en : zh;

    public static string Lang => IsEnglish ? "en" : "zh-CN";
}
