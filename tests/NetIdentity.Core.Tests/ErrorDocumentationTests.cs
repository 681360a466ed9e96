using NetIdentity.Core.Errors;

namespace NetIdentity.Core.Tests;

/// <summary>
/// Every message a person or platform sees has a stable identifier and an entry under
/// docs/errors/ (STYLE convention 6). These tests keep the catalogue and the pages in step.
/// </summary>
public sealed class ErrorDocumentationTests
{
    private static readonly string ErrorsFolder = Path.Combine(RepositoryRoot(), "docs", "errors");

    public static TheoryData<string> Codes => [.. LoginErrors.All.Select(e => e.Code)];

    public static TheoryData<string> RequestCodes => [.. RequestErrors.All.Select(e => e.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Error_Each_HasItsPage(string code)
    {
        Assert.True(File.Exists(Page(code)), $"docs/errors/{code}.md is missing.");
    }

    // The page quotes what a platform receives, byte for byte.
    [Theory]
    [MemberData(nameof(Codes))]
    public void Page_EachCode_QuotesExactErrorDescription(string code)
    {
        var error = LoginErrors.Find(code)!;

        var page = File.ReadAllText(Page(code));

        Assert.Contains($"`{error.OAuthError}`", page, StringComparison.Ordinal);
        Assert.Contains(error.OAuthDescription, page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Page_EachCode_QuotesWordsForThePerson(string code)
    {
        var error = LoginErrors.Find(code)!;

        var page = File.ReadAllText(Page(code));

        Assert.Contains(error.MessageZh, page, StringComparison.Ordinal);
        Assert.Contains(error.MessageEn, page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Index_EachCode_LinksItsPage(string code)
    {
        var index = File.ReadAllText(Path.Combine(ErrorsFolder, "README.md"));

        Assert.Contains($"[{code}]({code}.md)", index, StringComparison.Ordinal);
    }

    // A page for a code that is not in the catalogue describes something the broker never says.
    [Fact]
    public void Pages_ForUnknownCodes_DoNotExist()
    {
        var documented = Directory.GetFiles(ErrorsFolder, "NI*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.DoesNotContain(documented, code => LoginErrors.Find(code) is null && RequestErrors.All.All(e => e.Code != code));
    }

    [Theory]
    [MemberData(nameof(RequestCodes))]
    public void RequestErrorPage_ForEachCode_QuotesTheExactDescriptionAndIsIndexed(string code)
    {
        var error = RequestErrors.All.Single(e => e.Code == code);

        var page = File.ReadAllText(Page(code));
        var index = File.ReadAllText(Path.Combine(ErrorsFolder, "README.md"));

        Assert.Contains(error.OAuthDescription, page, StringComparison.Ordinal);
        Assert.Contains($"`{error.OAuthError}`", page, StringComparison.Ordinal);
        Assert.Contains($"[{code}]({code}.md)", index, StringComparison.Ordinal);
    }

    private static string Page(string code) => Path.Combine(ErrorsFolder, code + ".md");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetIdentity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("NetIdentity.sln not found above " + AppContext.BaseDirectory);
    }
}
