namespace ApraNova.Api.Infrastructure;

/// <summary>
/// Bound from <c>App</c>. The api never serves pages itself: links it sends (emails, Stripe's
/// return URLs) and the <c>/admin</c> entry point lead to the web at <see cref="PublicUrl"/>.
/// </summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Browser-facing origin of the web (e.g. http://localhost:3000, or the ALB's https origin).</summary>
    public string PublicUrl { get; set; } = "http://localhost:3000";
}
