namespace NetIdentity.DemoPlatform.Forum;

/// <summary>A post on the forum's front page.</summary>
internal sealed record Post(string TitleZh, string TitleEn, string Board, int Replies, string Author);

/// <summary>The forum has no database: a few posts to make it look like one.</summary>
internal static class SamplePosts
{
    public static readonly IReadOnlyList<Post> All =
    [
        new("新人报到：实名登录之后，论坛到底知道了我什么？", "New here: after a real-name login, what does the forum actually know about me?", "站务 Site", 42, "论坛管理员"),
        new("周末去香山看红叶，有人一起吗？", "Anyone up for the red leaves at Fragrant Hills this weekend?", "户外 Outdoors", 17, "爬山的小王"),
        new("分享一个家常红烧肉做法", "My everyday braised pork recipe", "美食 Food", 63, "厨房里的猫"),
        new("请教：老房子的电线要不要全部换掉？", "Question: should all the wiring in an old flat be replaced?", "家居 Home", 9, "装修新手"),
    ];
}
