using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ApraNova.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Infrastructure.RateLimiting;

/// <summary>
/// Named limits over <see cref="RedisFixedWindowCounter"/>, partitioned by client IP or by any
/// subject (an email). A refused hit is a 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
public sealed class RedisRateLimiter(RedisFixedWindowCounter counter, IOptionsMonitor<RateLimitOptions> options)
{
    /// <summary>Counts a hit for <paramref name="subject"/> under <paramref name="policyName"/>; null when allowed.</summary>
    public async Task<ProblemHttpResult?> HitAsync(HttpContext httpContext, string policyName, string subject)
    {
        var policy = Policy(policyName);
        var decision = await counter.HitAsync(Key(policyName, subject), policy.PermitLimit, policy.Window);
        if (decision.Allowed)
        {
            return null;
        }
        var retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.TooManyRequests($"Too many attempts. Try again in {retryAfterSeconds} seconds.");
    }

    /// <summary>
    /// Counts a hit for <paramref name="subject"/> and says whether it was within the limit, for
    /// limits that are enforced silently (the caller answers the same either way).
    /// </summary>
    public async Task<bool> TryHitAsync(string policyName, string subject)
    {
        var policy = Policy(policyName);
        return (await counter.HitAsync(Key(policyName, subject), policy.PermitLimit, policy.Window)).Allowed;
    }

    /// <summary>Forgets the hits of <paramref name="subject"/> under <paramref name="policyName"/> (e.g. after a successful reset).</summary>
    public Task ResetAsync(string policyName, string subject) => counter.ResetAsync(Key(policyName, subject));

    /// <summary>Counts a hit for the caller's IP address (after forwarded headers).</summary>
    public Task<ProblemHttpResult?> HitForClientIpAsync(HttpContext httpContext, string policyName) =>
        HitAsync(httpContext, policyName, ClientIp(httpContext));

    public static string ClientIp(HttpContext httpContext) =>
        httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private RateLimitPolicy Policy(string policyName) =>
        options.CurrentValue.Policies.TryGetValue(policyName, out var policy)
            ? policy
            : throw new InvalidOperationException($"No rate-limit policy named '{policyName}'.");

    // Subjects are hashed so no email address sits in Redis in clear.
    private static string Key(string policyName, string subject) => $"{policyName}:{Hash(subject)}";

    private static string Hash(string subject) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject.Trim().ToUpperInvariant())))[..32];
}

public static class RateLimitingSetup
{
    public static IServiceCollection AddRedisRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<RedisFixedWindowCounter>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddOptions<RateLimitOptions>()
            .Configure(options =>
            {
                foreach (var (name, (permitLimit, window)) in RateLimitPolicyNames.Defaults)
                {
                    options.Policies[name] = new RateLimitPolicy { PermitLimit = permitLimit, Window = window };
                }
            })
            .BindConfiguration(RateLimitOptions.Section);
        return services;
    }

    /// <summary>
    /// Limits an endpoint per client IP under a named policy, checked before its handler runs.
    /// </summary>
    public static TBuilder RequireIpRateLimit<TBuilder>(this TBuilder builder, string policyName)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var limiter = context.HttpContext.RequestServices.GetRequiredService<RedisRateLimiter>();
            return await limiter.HitForClientIpAsync(context.HttpContext, policyName) is { } refused
                ? refused
                : await next(context);
        }).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
