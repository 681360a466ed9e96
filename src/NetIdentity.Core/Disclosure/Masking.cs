namespace NetIdentity.Core.Disclosure;

/// <summary>
/// The masking rules of the <c>netid.masked</c> scope (docs/claims.md): enough for a person to
/// recognise their own record on a platform, not enough to identify them. A name keeps its
/// surname only; an ID number keeps its first and last characters.
/// </summary>
public static class Masking
{
    private const char Mask = '*';

    /// <summary>
    /// Two-character surnames (复姓) in common use; a name starting with one keeps both
    /// characters. Otherwise the first character is the surname.
    /// </summary>
    private static readonly HashSet<string> CompoundSurnames = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里",
    };

    /// <summary>"赵一鸣" → "赵**"; "欧阳明月" → "欧阳**"; a one-character name is masked whole.</summary>
    public static string Name(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = name.Trim();
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var characters = new List<string>();
        while (elements.MoveNext())
        {
            characters.Add((string)elements.Current);
        }

        if (characters.Count <= 1)
        {
            return Mask.ToString();
        }

        var surnameLength = characters.Count > 2 && CompoundSurnames.Contains(characters[0] + characters[1]) ? 2 : 1;
        return string.Concat(characters.Take(surnameLength)) + new string(Mask, characters.Count - surnameLength);
    }

    /// <summary>"110105199003071239" → "1****************9".</summary>
    public static string IdNumber(string idNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idNumber);
        var text = idNumber.Trim();
        return text.Length <= 2
            ? new string(Mask, text.Length)
            : text[0] + new string(Mask, text.Length - 2) + text[^1];
    }
}
