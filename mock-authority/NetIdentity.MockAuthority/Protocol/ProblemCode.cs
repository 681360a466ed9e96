using System.Globalization;

namespace NetIdentity.MockAuthority.Protocol;

/// <summary>
/// A stable error: the code, its HTTP status and a fixed title (STYLE 6). Written as an
/// RFC 9457 problem document with the extra member <c>code</c> (contract §1.3).
/// </summary>
internal sealed record ProblemCode(string Code, int Status, string Title)
{
    /// <summary>Where the code is described: authority codes (A…) in the contract, tester codes (T…) in docs/mock-authority.md.</summary>
    public string Type => Code.StartsWith('T')
        ? "https://netidentity.example/tester-errors/" + Code
        : "https://netidentity.example/authority-errors/" + Code;

    /// <summary>The problem document as a result; never signed (contract §1.3).</summary>
    /// <param name="detail">Optional help for the tester; never personal data.</param>
    public IResult ToResult(string? detail = null) => TypedResults.Problem(
        detail: detail,
        title: Title,
        statusCode: Status,
        type: Type,
        extensions: new Dictionary<string, object?> { ["code"] = Code });

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code} ({Status})");
}
