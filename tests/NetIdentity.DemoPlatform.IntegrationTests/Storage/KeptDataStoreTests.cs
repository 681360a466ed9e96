using NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

namespace NetIdentity.DemoPlatform.IntegrationTests.Storage;

/// <summary>The forum's store of kept claims, on its data folder.</summary>
public sealed class KeptDataStoreTests(ForumFixture fixture) : IClassFixture<ForumFixture>
{
    [Fact]
    public void Save_Twice_MergesWithNewerValuesWinning()
    {
        var subject = "sub-" + FakeBroker.NewJti();

        fixture.Forum.Kept.Save(subject, new Dictionary<string, string> { ["netid_age_band"] = "14_17", ["netid_minor"] = "true" });
        fixture.Forum.Kept.Save(subject, new Dictionary<string, string> { ["netid_age_band"] = "adult" });

        Assert.Equal(
            new Dictionary<string, string> { ["netid_age_band"] = "adult", ["netid_minor"] = "true" },
            fixture.Forum.Kept.Find(subject)!.Claims);
    }

    [Fact]
    public void Files_OfKeptData_AreNamedByHashNotBySubject()
    {
        var subject = "../../escape-" + FakeBroker.NewJti();

        fixture.Forum.Kept.Save(subject, new Dictionary<string, string> { ["netid_age_band"] = "adult" });

        var files = Directory.GetFiles(Path.Combine(fixture.Forum.DataDirectory, "kept"));
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Matches("^[0-9a-f]{64}\\.json$", Path.GetFileName(file)));
        Assert.Equal(["netid_age_band"], fixture.Forum.Kept.Delete(subject));
        Assert.Null(fixture.Forum.Kept.Find(subject));
    }

    [Fact]
    public void Delete_OfSomeClaims_KeepsTheRestAndRemovesTheFileWithTheLast()
    {
        var subject = "sub-" + FakeBroker.NewJti();
        fixture.Forum.Kept.Save(subject, new Dictionary<string, string> { ["netid_age_band"] = "adult", ["netid_name"] = "张三", ["netid_id_number"] = "110105194912310021" });

        Assert.Equal(["netid_id_number", "netid_name"], fixture.Forum.Kept.Delete(subject, ["netid_name", "netid_id_number", "netid_id_type"]));
        Assert.Equal(new Dictionary<string, string> { ["netid_age_band"] = "adult" }, fixture.Forum.Kept.Find(subject)!.Claims);
        Assert.Empty(fixture.Forum.Kept.Delete(subject, ["netid_masked_name"]));
        Assert.Equal(["netid_age_band"], fixture.Forum.Kept.Delete(subject, ["netid_age_band"]));
        Assert.Null(fixture.Forum.Kept.Find(subject));
        Assert.Empty(fixture.Forum.Kept.Delete(subject, ["netid_age_band"]));
    }
}
