namespace NetIdentity.DemoPlatform.Claims;

/// <summary>A piece of personal data the forum does not get, and the claims that would carry it.</summary>
internal sealed record NotReceivedItem(string Key, string Zh, string En, IReadOnlyList<string> ClaimTypes);

/// <summary>
/// What a platform that only verifies does not receive (minimal provision: PIPL Art. 6; the
/// Measures' result-only release; docs/claims.md, "Not released, ever, under these scopes").
/// </summary>
internal static class NotReceived
{
    public static readonly IReadOnlyList<NotReceivedItem> Items =
    [
        new("name", "姓名", "Name", ["name", "given_name", "family_name", "middle_name", "nickname"]),
        new("id_number", "身份证件号码", "ID number", ["id_number", "netid_id_number"]),
        new("birthdate", "出生日期", "Birth date", ["birthdate"]),
        new("phone", "手机号码", "Phone number", ["phone_number", "phone_number_verified"]),
        new("gender", "性别", "Gender", ["gender"]),
        new("netid_number", "网号本身（以及网络身份应用标识）", "The 网号 (network number) itself, and the app-scoped identifier", ["netid_number", "app_scoped_id"]),
    ];
}
