using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using QRCoder;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// What the waiting page (<c>_AwaitApp.cshtml</c>) shows: the QR code of the authority session, the
/// app link and the matching number. The QR page renders it, and so does the method page's
/// answer to "use the national app" when a browser chose it (<see cref="MethodModel"/>).
/// </summary>
public sealed record WaitingForApp(LoginTransaction Transaction, PlatformOptions Platform, string QrImage)
{
    /// <summary>The title both pages give the waiting page.</summary>
    public static string Title => Ui.T("在App中确认", "Confirm in the app");

    /// <summary>The waiting page's own address, which the page puts in the address bar.</summary>
    public string PagePath => LoginPaths.NetId(Transaction.Id);

    /// <summary>The page for <paramref name="transaction"/>, which must be waiting for the app with its QR payload.</summary>
    public static WaitingForApp For(LoginTransaction transaction, PlatformOptions platform)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrEmpty(transaction.QrPayload);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(transaction.QrPayload, QRCodeGenerator.ECCLevel.M);

        // One pixel per module: the page scales it to its size without smoothing (site.css .qr,
        // image-rendering: pixelated; the img's width and height where the style is missing).
        // Six pixels per module made a PNG 36 times the pixels to compress, on every login (issue 10).
        var image = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(1));
        return new WaitingForApp(transaction, platform, image);
    }
}
