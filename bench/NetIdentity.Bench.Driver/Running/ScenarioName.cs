namespace NetIdentity.Bench.Driver.Running;

/// <summary>The logins the driver can run.</summary>
public enum ScenarioName
{
    /// <summary>网号/网证 in the national app: method page, QR page, approval with number matching, status poll, code, token.</summary>
    NetId,

    /// <summary>The other lawful way: three-element check, one-time code from the mock's SMS outbox, code, token.</summary>
    Other,

    /// <summary>The app path asking for <c>netid.age</c>: the consent page is shown and agreed to.</summary>
    Consent,

    /// <summary>The bare OpenIddict code flow of the baseline host: authorize (auto-approved), token.</summary>
    Baseline,
}

/// <summary>Names as typed on the command line and written in reports.</summary>
public static class ScenarioNames
{
    public static string Of(ScenarioName name) => name switch
    {
        ScenarioName.NetId => "netid",
        ScenarioName.Other => "other",
        ScenarioName.Consent => "consent",
        _ => "baseline",
    };

    public static bool TryParse(string text, out ScenarioName name)
    {
        foreach (var candidate in Enum.GetValues<ScenarioName>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                name = candidate;
                return true;
            }
        }

        name = default;
        return false;
    }
}
