namespace NetIdentity.MockAuthority.Sessions;

/// <summary>The four service modes (public; contract §3).</summary>
internal enum ServiceMode
{
    /// <summary>网证 only.</summary>
    R01 = 1,

    /// <summary>网证 + 口令 (password).</summary>
    R02 = 2,

    /// <summary>网证 + 人脸 (face).</summary>
    R03 = 3,

    /// <summary>网证 + 口令 + 人脸.</summary>
    R04 = 4,
}

internal static class ServiceModes
{
    public static bool TryParse(string? text, out ServiceMode mode)
    {
        mode = text switch
        {
            "R01" => ServiceMode.R01,
            "R02" => ServiceMode.R02,
            "R03" => ServiceMode.R03,
            "R04" => ServiceMode.R04,
            _ => default,
        };
        return mode != default;
    }

    public static bool NeedsPassword(this ServiceMode mode) => mode is ServiceMode.R02 or ServiceMode.R04;

    /// <summary>Only these modes carry a face similarity score (contract §3).</summary>
    public static bool NeedsFace(this ServiceMode mode) => mode is ServiceMode.R03 or ServiceMode.R04;
}
