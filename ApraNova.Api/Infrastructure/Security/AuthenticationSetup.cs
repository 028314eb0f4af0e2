using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApraNova.Api.Infrastructure.Security;

public static class AuthenticationSetup
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations of a password hash: OWASP's 2023 minimum for SHA-512.</summary>
    public const int PasswordHashIterations = 210_000;

    public static IServiceCollection AddApraNovaAuthentication(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccessTokenRevocation>();
        // Listens for revocations made by other api tasks, so requests are checked in memory.
        // (Not AddHostedService: it keeps one service per implementation type, and RedisPushChannel has several.)
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<AccessTokenRevocation>().Pushes);

        // Identity for users, roles, password hashing, lockout and reset tokens; no cookies:
        // the api authenticates with bearer access tokens only.
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): long passphrases, no forced symbols.
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // No Identity lockout: it refuses even the right password, so anyone could lock anyone
                // out. Guessing is slowed by the log-in throttle instead (Features/Auth/LoginThrottle).
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ApraNovaDbContext>()
            .AddDefaultTokenProviders();
        // In place of Identity's UserValidator: the same rules and errors, one query instead of two.
        services.RemoveAll<IUserValidator<ApplicationUser>>();
        services.AddScoped<IUserValidator<ApplicationUser>, UniqueAccountValidator>();
        // PBKDF2-HMAC-SHA512 (Identity's V3 format) at OWASP's 2023 minimum for SHA-512: 210,000
        // iterations (Identity's default is 100,000). About 0.2 s of a full core per check, i.e. up
        // to ~0.4 s on the api task's half core (bench/run-all.sh prints the measured cost); hashes
        // made with fewer iterations are upgraded at the next successful log-in.
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = PasswordHashIterations);
        // Reset links double as the "set your password" link of welcome emails after checkout,
        // which people may open the next day.
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromHours(24));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // The bearer scheme as AddJwtBearer sets it up, run by the subclass with the short path for
        // tokens already validated (transient, as AddScheme registers every handler).
        services.AddTransient<RevocationCheckingJwtBearerHandler>();
        services.Configure<AuthenticationOptions>(options =>
            options.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(RevocationCheckingJwtBearerHandler));
        services.AddSingleton<CachingJsonWebTokenHandler>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, CachingJsonWebTokenHandler>((bearer, jwtOptions, tokenHandler) =>
            {
                var jwt = jwtOptions.Value;
                // Each token is validated once (CachingJsonWebTokenHandler); claim names are kept
                // as issued ("sub", "role") instead of the legacy SOAP URIs.
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(tokenHandler);
                bearer.MapInboundClaims = false;
                // Nothing reads the raw token back from the authentication properties; storing it
                // is a copy per request.
                bearer.SaveToken = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = AccessTokenIssuer.SigningKey(jwt),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                bearer.Events = new JwtBearerEvents
                {
                    // A valid signature is not enough: the account may have changed since (see AccessTokenRevocation).
                    // RevocationCheckingJwtBearerHandler makes the same check for tokens it knows.
                    OnTokenValidated = async context =>
                    {
                        var revocation = context.HttpContext.RequestServices.GetRequiredService<AccessTokenRevocation>();
                        if (AccessTokenSubject.TryRead(context.Principal?.Identity as ClaimsIdentity, context.SecurityToken, out var subject)
                            && await revocation.IsRevokedAsync(subject.UserId, subject.IssuedAtUnixMilliseconds))
                        {
                            context.Fail(RevocationCheckingJwtBearerHandler.RevokedMessage);
                        }
                    },
                };
            });
        services.AddAuthorization(options => options.AddApraNovaPolicies());
        return services;
    }
}
