using System.Text.Json;

namespace NetIdentity.Sandbox;

/// <summary>What a tester needs once everything is up: where things are, who to be, what to click.</summary>
internal static class Banner
{
    private const string Rule = "════════════════════════════════════════════════════════════════════════════";

    public static async Task<string> BuildAsync(HttpClient http, IReadOnlyList<ChildSpec> children, string database, CancellationToken cancellationToken)
    {
        var mock = children.Single(c => c.Name == "mock").BaseUrl;
        var broker = children.Single(c => c.Name == "broker").BaseUrl;
        var platformSpec = children.Single(c => c.Name == "platform");
        var platform = platformSpec.BaseUrl;

        List<string> lines =
        [
            "",
            Rule,
            " NetIdentity 沙盒已启动 · The NetIdentity sandbox is running",
            "",
            $"  演示平台 Demo platform      {platform}",
            $"  身份代理 Broker             {broker}   (discovery: {broker}.well-known/openid-configuration)",
            $"  模拟认证平台 Mock authority {mock}   (simulated app: {mock}app)",
            $"  数据库 Broker database      {database}",
            $"  演示平台数据 Platform data  {platformSpec.Environment.GetValueOrDefault(ChildSpec.PlatformDataDirectoryKey, "-")}",
            "",
            $" 测试身份 Personas ({mock}tester/personas):",
            .. await PersonasAsync(http, mock, cancellationToken),
            "",
            " 如何登录 How to log in:",
            $"  1. 打开 Open {platform} and click 实名登录 Log in with real-name verification.",
            "  2. 在身份代理页面选择国家网络身份认证App · At the broker, choose the national app (国家网络身份认证App).",
            $"  3. 在另一个标签页打开模拟App · In another tab open {mock}app, pick the number the broker shows and approve as 'adult'.",
            $"     Scripts: POST {mock}tester/sessions/{{bizSeq}}/approve with {{\"persona\":\"adult\",\"matchCode\":\"<shown number>\"}} (docs/mock-authority.md).",
            $"  4. 回到第一个标签页 · Back in the first tab, {platform}me shows exactly what the forum received.",
            "",
            " 按 Ctrl+C 停止全部服务 · Press Ctrl+C to stop everything.",
            Rule,
        ];
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>One line per persona: its id and its label in Chinese and English.</summary>
    private static async Task<List<string>> PersonasAsync(HttpClient http, Uri mock, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await http.GetStreamAsync(new Uri(mock, "tester/personas"), cancellationToken);
            using var personas = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            return personas.RootElement.EnumerateArray()
                .Select(persona =>
                {
                    var id = persona.GetProperty("id").GetString() ?? "";
                    var label = persona.TryGetProperty("label", out var l) ? l : default;
                    return $"  {id.PadRight(20)} {Text(label, "zh")}  {Text(label, "en")}";
                })
                .ToList();
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException or TaskCanceledException)
        {
            return [$"  (could not list them: {exception.Message})", "  See docs/mock-authority.md for the personas and the tester API."];
        }
    }

    private static string Text(JsonElement label, string language) =>
        label.ValueKind == JsonValueKind.Object && label.TryGetProperty(language, out var value) ? value.GetString() ?? "" : "";
}
