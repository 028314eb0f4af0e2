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
    public const string LoginPerAccount = "login-account";
    public const string SignUpPerIp = "signup-ip";
    public const string SignUpPerAccount = "signup-account";
    public const string PasswordResetPerIp = "password-reset-ip";
    public const string PasswordResetPerAccount = "password-reset-account";

    /// <summary>
    /// Generous for people behind one NAT (a classroom), tight for a script. Per-account log-in
    /// limits sit above the lockout threshold (5) so lockout, not the limiter, answers guessing.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (int PermitLimit, TimeSpan Window)> Defaults =
        new Dictionary<string, (int, TimeSpan)>
        {
            [LoginPerIp] = (30, TimeSpan.FromMinutes(1)),
            [LoginPerAccount] = (10, TimeSpan.FromMinutes(15)),
            [SignUpPerIp] = (10, TimeSpan.FromHours(1)),
            [SignUpPerAccount] = (5, TimeSpan.FromHours(1)),
            [PasswordResetPerIp] = (10, TimeSpan.FromHours(1)),
            [PasswordResetPerAccount] = (3, TimeSpan.FromHours(1)),
        };
}
