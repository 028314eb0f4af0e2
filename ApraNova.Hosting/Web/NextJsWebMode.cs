namespace ApraNova.Hosting.Web;

/// <summary>How the AppHost runs the Next.js web (<c>ApraNova:WebMode</c>).</summary>
public enum NextJsWebMode
{
    /// <summary><c>next build</c> (skipped when the sources did not change) then the standalone server, as in production.</summary>
    Production,

    /// <summary><c>next dev</c>: hot reload while working on the web.</summary>
    Development,
}
