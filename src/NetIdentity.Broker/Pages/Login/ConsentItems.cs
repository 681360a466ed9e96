using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>How each consent item is named to the person, field by field (PIPL Art. 17).</summary>
public static class ConsentItems
{
    public static string Title(ConsentItem item) => item switch
    {
        ConsentItem.AgeBand => Ui.T("年龄段", "Age band"),
        ConsentItem.AgeOver14 => Ui.T("是否已满14周岁", "Whether 14 or older"),
        ConsentItem.AgeOver18 => Ui.T("是否已满18周岁", "Whether 18 or older"),
        ConsentItem.MaskedIdentity => Ui.T("脱敏的姓名和证件号码", "Masked name and ID number"),
        ConsentItem.Identity => Ui.T("姓名、证件类型和证件号码（明文）", "Name, ID type and ID number (in full)"),

        // A guardian's approval (PIPL Art. 31) is no data item: never describe it as plaintext identity.
        ConsentItem.GuardianApproval => Ui.T("孩子使用该平台", "The child's use of the platform"),
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };

    /// <summary>What the item holds, said to the person it is about, or to a guardian about the child.</summary>
    public static string Detail(ConsentItem item, bool forChild = false) => item switch
    {
        ConsentItem.AgeBand when forChild => Ui.T(
            "孩子属于“不满14周岁”，以及是否未成年；不含出生日期。",
            "That the child is under 14, and a minor; never the birth date."),
        ConsentItem.AgeBand => Ui.T(
            "您属于“不满14周岁”“14至17周岁”还是“成年”，以及是否未成年；不含出生日期。",
            "Whether you are under 14, 14 to 17, or an adult, and whether you are a minor; never your birth date."),
        ConsentItem.AgeOver14 when forChild => Ui.T(
            "只回答“是”或“否”：孩子是否已满14周岁；不含出生日期和年龄段。",
            "Only yes or no: whether the child is 14 or older; never the birth date or the age band."),
        ConsentItem.AgeOver14 => Ui.T(
            "只回答“是”或“否”：您是否已满14周岁；不含出生日期和年龄段。",
            "Only yes or no: whether you are 14 or older; never your birth date or age band."),
        ConsentItem.AgeOver18 when forChild => Ui.T(
            "只回答“是”或“否”：孩子是否已满18周岁；不含出生日期和年龄段。",
            "Only yes or no: whether the child is 18 or older; never the birth date or the age band."),
        ConsentItem.AgeOver18 => Ui.T(
            "只回答“是”或“否”：您是否已满18周岁；不含出生日期和年龄段。",
            "Only yes or no: whether you are 18 or older; never your birth date or age band."),
        ConsentItem.MaskedIdentity when forChild => Ui.T(
            "孩子的姓名只保留姓氏，证件号码只保留首末两位。",
            "The child's name with only the surname kept, and ID number with only its first and last characters."),
        ConsentItem.MaskedIdentity => Ui.T(
            "姓名只保留姓氏（如“赵**”），证件号码只保留首末两位（如“1****************9”）。",
            "Your name with only the surname kept (e.g. \"赵**\"), your ID number with only its first and last characters (e.g. \"1****************9\")."),
        ConsentItem.Identity when forChild => Ui.T("孩子的完整姓名、证件类型和证件号码。", "The child's full name, ID type and ID number."),
        ConsentItem.Identity => Ui.T("您的完整姓名、证件类型和证件号码。", "Your full name, ID type and ID number."),
        ConsentItem.GuardianApproval => Ui.T(
            "平台获得核验结果、一个仅对该平台有效的匿名标识，以及“未成年人”标识。",
            "The platform receives the verification result, an identifier valid for it alone, and a \"minor\" flag."),
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };
}
