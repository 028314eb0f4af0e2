namespace ApraNova.Api.Infrastructure.RateLimiting;

/// <summary>One named limit: at most <see cref="PermitLimit"/> hits per <see cref="Window"/>.</summary>
public sealed class RateLimitPolicy
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>
/// The limits, by name, bound from <c>RateLimiting:Policies:{name}</c> so operations can tune
/// them without a deploy. Defaults below; other features add their own names the same way.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    public Dictionary<string, RateLimitPolicy> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public static class RateLimitPolicyNames
{
    public const string LoginPerIp = "login-ip";
    /// <summary>Password changes by a signed-in user: a stolen access token must not become a way to guess the current password.</summary>
    public const string LoginPerAccount = "login-account";
    public const string SignUpPerIp = "signup-ip";
    public const string SignUpPerAccount = "signup-account";
    public const string PasswordResetPerIp = "password-reset-ip";
    /// <summary>Reset emails per account: a cooldown, enforced silently (see <see cref="PasswordResetPerAccountDaily"/>).</summary>
    public const string PasswordResetPerAccount = "password-reset-account";
    /// <summary>
    /// Reset emails per account per day. Only the address's owner reads them, so these limits keep
    /// a stranger from flooding an inbox without keeping the owner from a link: past them the answer
    /// is the same 202 and the newest email already in the inbox still works.
    /// </summary>
    public const string PasswordResetPerAccountDaily = "password-reset-account-daily";
    /// <summary>Checkout sessions per client address: each one is a Stripe session and a ledger row.</summary>
    public const string CheckoutPerIp = "checkout-ip";
    /// <summary>File uploads per user: a track's coursework, not a file host.</summary>
    public const string UploadPerUser = "upload-user";

    /// <summary>
    /// Generous for people behind one NAT (a classroom), tight for a script. Password guessing per
    /// account is the log-in throttle's business (Features/Auth/LoginThrottle), not a limit's.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (int PermitLimit, TimeSpan Window)> Defaults =
        new Dictionary<string, (int, TimeSpan)>
        {
            [LoginPerIp] = (30, TimeSpan.FromMinutes(1)),
            [LoginPerAccount] = (10, TimeSpan.FromMinutes(15)),
            [SignUpPerIp] = (10, TimeSpan.FromHours(1)),
            [SignUpPerAccount] = (5, TimeSpan.FromHours(1)),
            [PasswordResetPerIp] = (10, TimeSpan.FromHours(1)),
            [PasswordResetPerAccount] = (1, TimeSpan.FromMinutes(2)),
            [PasswordResetPerAccountDaily] = (10, TimeSpan.FromDays(1)),
            [UploadPerUser] = (20, TimeSpan.FromHours(1)),
            [CheckoutPerIp] = (10, TimeSpan.FromHours(1)),
        };
}
