namespace ApraNova.Api.Features.Auth;

/// <summary>
/// How <see cref="LoginThrottle"/> slows password guessing, bound from <c>Auth:LoginThrottle</c>.
/// The defaults let a person mistype a few times, make one address guessing one account wait
/// ever longer, and hold off a guesser spread over many addresses.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Auth:LoginThrottle";

    /// <summary>Failed log-ins one client address may make against one account before it has to wait.</summary>
    public int FreeFailuresPerClient { get; set; } = 5;

    /// <summary>The first wait after the free failures; it doubles with every further failure, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed log-ins against one account from all addresses together, after which only devices
    /// that logged in to it before (or reset its password) may try, for <see cref="AccountProtection"/>.
    /// </summary>
    public int AccountFailureLimit { get; set; } = 20;

    /// <summary>Failures are forgotten after this long without a new one.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after its last failure an account over <see cref="AccountFailureLimit"/> stays protected.</summary>
    public TimeSpan AccountProtection { get; set; } = TimeSpan.FromHours(1);
}
