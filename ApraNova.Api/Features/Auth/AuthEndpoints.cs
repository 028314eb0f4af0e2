using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.RateLimiting;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static ApraNova.Api.Features.Auth.RefreshTokenService;

namespace ApraNova.Api.Features.Auth;

/// <summary>Sign-up, log-in, sessions, profile and passwords (mapped by <see cref="AuthFeature"/>).</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder auth)
    {
        auth.MapPost("/signup", SignUp)
            .WithName("SignUp")
            .WithSummary("Start creating a student account: 202 and an email, whether or not the address has an account (a confirmation link, or a note that it has one).")
            .ProducesValidationProblem()
            .RequireIpRateLimit(RateLimitPolicyNames.SignUpPerIp);
        auth.MapPost("/signup/confirm", ConfirmSignUp)
            .WithName("ConfirmSignUp")
            .WithSummary("Finish a sign-up with the emailed link's token: creates the student and starts a session.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireIpRateLimit(RateLimitPolicyNames.SignUpPerIp);
        auth.MapPost("/login", LogIn)
            .WithName("LogIn")
            .WithSummary("Start a session with email and password. Repeated failures make the failing address wait, and many from everywhere hold off all but known devices (429 with Retry-After); the owner is never locked out.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireIpRateLimit(RateLimitPolicyNames.LoginPerIp);
        auth.MapPost("/refresh", Refresh)
            .WithName("Refresh")
            .WithSummary("Exchange the refresh cookie for a new access token and a new refresh cookie.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", LogOut)
            .WithName("LogOut")
            .WithSummary("End this session (its refresh token family) and clear the cookie.");
        auth.MapPost("/password/forgot", ForgotPassword)
            .WithName("ForgotPassword")
            .WithSummary("Email a password-reset link; answers 202 whether or not the email has an account.")
            .RequireIpRateLimit(RateLimitPolicyNames.PasswordResetPerIp);
        auth.MapPost("/password/reset", ResetPassword)
            .WithName("ResetPassword")
            .WithSummary("Set a new password with the emailed token; ends every session of the account.")
            .RequireIpRateLimit(RateLimitPolicyNames.PasswordResetPerIp);

        var account = auth.MapGroup("").RequireAuthorization();
        account.MapGet("/me", GetMe)
            .WithName("GetMe")
            .WithSummary("The signed-in user.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        account.MapPut("/me", UpdateMe)
            .WithName("UpdateMe")
            .WithSummary("Change the signed-in user's name.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        account.MapPost("/password/change", ChangePassword)
            .WithName("ChangePassword")
            .WithSummary("Change the password; every other session ends and this one continues with the access token returned.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return auth;
    }

    /// <summary>
    /// The answer and the work are the same whether or not the email has an account, so sign-up
    /// does not tell which emails exist: a password hash is computed, one email is sent, 202. A new
    /// address gets a confirmation link that carries the sign-up (<see cref="SignUpConfirmations"/>);
    /// an address with an account gets a note pointing to log-in and password reset.
    /// </summary>
    private static async Task<Results<Accepted<SignUpAccepted>, ValidationProblem, ProblemHttpResult>> SignUp(
        SignUpRequest request, RedisRateLimiter limiter, UserManager<ApplicationUser> users, IPasswordHasher<ApplicationUser> hasher,
        SignUpConfirmations confirmations, IEmailSender email, IOptions<AppOptions> app, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var address = request.Email.Trim();
        // Rules that do not depend on who has an account: the password policy, the characters of a user name.
        var candidate = new ApplicationUser { UserName = address, Email = address };
        var passwordErrors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            passwordErrors.AddRange((await validator.ValidateAsync(users, candidate, request.Password)).Errors);
        if (passwordErrors.Count > 0)
            return Problems.Invalid(IdentityErrors.ToFieldErrors(IdentityResult.Failed([.. passwordErrors]), passwordField: "password"));
        var allowed = users.Options.User.AllowedUserNameCharacters;
        if (!string.IsNullOrEmpty(allowed) && address.Any(c => !allowed.Contains(c)))
            return Problems.Invalid("email", "The email contains characters that are not accepted.");

        var accepted = TypedResults.Accepted((string?)null,
            new SignUpAccepted("Check your email: we have sent you a link to finish creating your account."));
        // Per address the limit is silent, like password resets: a stranger can neither flood an
        // inbox nor learn anything from the answer.
        if (!await limiter.TryHitAsync(RateLimitPolicyNames.SignUpPerAccount, address))
        {
            loggers.CreateLogger(typeof(AuthEndpoints)).LogInformation("Sign-up email not sent again so soon");
            return accepted;
        }

        var passwordHash = hasher.HashPassword(candidate, request.Password);
        var publicUrl = app.Value.PublicUrl.TrimEnd('/');
        if (await users.FindByEmailAsync(address) is { } existing)
        {
            await email.SendAsync(new EmailMessage(
                existing.Email!,
                "You already have an ApraNova account",
                $"""
                Hello {existing.FullName},

                Someone (hopefully you) tried to create an ApraNova account with this email, which already has one.
                Log in: {publicUrl}/login
                Forgot your password? Choose a new one: {publicUrl}/forgot-password

                If it was not you, ignore this email: nothing has changed.
                """), cancellationToken);
            return accepted;
        }

        var token = confirmations.Create(new SignUpConfirmations.Pending(address, request.FullName.Trim(), passwordHash));
        await email.SendAsync(new EmailMessage(
            address,
            "Confirm your email to finish creating your ApraNova account",
            $"""
            Hello {request.FullName.Trim()},

            Open this link within {SignUpConfirmations.Lifetime.TotalHours:0} hours to finish creating your ApraNova account:

            {publicUrl}/confirm-email?token={Uri.EscapeDataString(token)}

            If you did not sign up, ignore this email: no account is created.
            """), cancellationToken);
        return accepted;
    }

    private static async Task<Results<Created<AuthResponse>, ValidationProblem, ProblemHttpResult>> ConfirmSignUp(
        ConfirmSignUpRequest request, HttpContext httpContext, SignUpConfirmations confirmations, AccountProvisioning accounts,
        AuthSessions sessions, TrustedDeviceCookie devices, CancellationToken cancellationToken)
    {
        if (confirmations.Read(request.Token) is not { } pending)
            return Problems.Invalid("token", "The link is invalid or has expired. Sign up again to get a new one.");
        var created = await accounts.CreateConfirmedStudentAsync(pending.Email, pending.FullName, pending.PasswordHash, cancellationToken);
        if (created.User is not { } user)
        {
            // Only the inbox's owner holds the token: telling them the account exists tells nobody else.
            return created.IsDuplicate
                ? Problems.Conflict("Account already created", "This email already has an account (perhaps from this link). Log in.")
                : Problems.Invalid(IdentityErrors.ToFieldErrors(created.Result, passwordField: "password"));
        }
        devices.Remember(httpContext, pending.Email);
        return TypedResults.Created("/api/auth/me", await sessions.StartAsync(httpContext, user, Roles.Student, cancellationToken));
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> LogIn(
        LoginRequest request, HttpContext httpContext, LoginThrottle throttle, TrustedDeviceCookie devices,
        UserManager<ApplicationUser> users, IPasswordHasher<ApplicationUser> hasher, ApraNovaDbContext db, AuthSessions sessions,
        CancellationToken cancellationToken)
    {
        var email = request.Email.Trim();
        var clientAddress = RedisRateLimiter.ClientIp(httpContext);
        // Decided before anything about the account is looked at, and the same for every email,
        // so neither the answers nor their timing tell which emails have accounts.
        var decision = await throttle.BeginAttemptAsync(email, clientAddress, devices.IsTrustedFor(httpContext, email));
        if (decision.Verdict != LoginThrottle.Verdict.Allowed)
        {
            return Throttled(httpContext, decision);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // Spend the time a real check costs, so response times do not tell which emails exist.
            dummyPasswordHash ??= hasher.HashPassword(new ApplicationUser(), Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(new ApplicationUser(), dummyPasswordHash, request.Password);
            return InvalidCredentials();
        }
        if (!await users.CheckPasswordAsync(user, request.Password))
        {
            return InvalidCredentials(); // the attempt stays counted as a failure
        }
        await throttle.SucceededAsync(email, clientAddress);
        devices.Remember(httpContext, email);

        var role = await db.GetRoleAsync(user.Id, cancellationToken) ?? Roles.Student;
        return TypedResults.Ok(await sessions.StartAsync(httpContext, user, role, cancellationToken));
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> Refresh(
        HttpContext httpContext, RefreshTokenService refreshTokens, UserManager<ApplicationUser> users,
        ApraNovaDbContext db, AuthSessions sessions, CancellationToken cancellationToken)
    {
        if (RefreshCookie.Read(httpContext) is not { } presented)
        {
            return SessionEnded("No refresh cookie.");
        }
        var rotation = await refreshTokens.RotateAsync(presented, cancellationToken);
        if (rotation is not RotationResult.Rotated rotated)
        {
            RefreshCookie.Delete(httpContext);
            return SessionEnded(rotation is RotationResult.Reused
                ? "This refresh token was already used; every session started from the same log-in has been ended."
                : "The refresh token is unknown, expired or revoked.");
        }
        var user = await users.FindByIdAsync(rotated.UserId.ToString());
        if (user is null)
        {
            RefreshCookie.Delete(httpContext);
            return SessionEnded("The account no longer exists.");
        }
        // The role is read afresh on every refresh: a role change reaches the access token
        // within one access-token lifetime.
        var role = await db.GetRoleAsync(user.Id, cancellationToken) ?? Roles.Student;
        RefreshCookie.Write(httpContext, rotated.Token, rotated.ExpiresAt);
        return TypedResults.Ok(sessions.Respond(user, role));
    }

    private static async Task<NoContent> LogOut(HttpContext httpContext, RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        if (await refreshTokens.FindLiveFamilyAsync(RefreshCookie.Read(httpContext), cancellationToken) is { } family)
        {
            await refreshTokens.RevokeFamilyAsync(family, RefreshTokenRevocation.LoggedOut, cancellationToken);
        }
        RefreshCookie.Delete(httpContext);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetMe(
        ClaimsPrincipal principal, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        // Called on every page load of the web: one round trip, nothing tracked.
        var userId = principal.GetUserId();
        var me = await db.Users.AsNoTracking()
            .Where(user => user.Id == userId)
            .Select(user => new
            {
                user.Email,
                user.FullName,
                RoleId = db.UserRoles.Where(link => link.UserId == user.Id).Select(link => (Guid?)link.RoleId).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (me is null)
        {
            return AccountGone();
        }
        var role = me.RoleId is { } roleId ? UserRoleQueries.RoleName(roleId) : Roles.Student;
        return TypedResults.Ok(new UserDto(userId, me.Email ?? "", me.FullName, role));
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, ClaimsPrincipal principal, UserManager<ApplicationUser> users, ApraNovaDbContext db,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.GetUserId().ToString());
        if (user is null)
        {
            return AccountGone();
        }
        user.FullName = request.FullName.Trim();
        await db.SaveChangesAsync(cancellationToken);
        var role = await db.GetRoleAsync(user.Id, cancellationToken) ?? Roles.Student;
        return TypedResults.Ok(AuthSessions.ToDto(user, role));
    }

    private static async Task<Results<Ok<AuthResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, HttpContext httpContext, RedisRateLimiter limiter,
        UserManager<ApplicationUser> users, RefreshTokenService refreshTokens, AccessTokenRevocation accessTokens,
        AuthSessions sessions, IAuditLog audit, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.GetUserId().ToString());
        if (user is null)
        {
            return AccountGone();
        }
        // A stolen access token must not become a way to guess the current password.
        if (await limiter.HitAsync(httpContext, RateLimitPolicyNames.LoginPerAccount, user.Email ?? user.Id.ToString()) is { } refused)
        {
            return refused;
        }
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            return Problems.Invalid(IdentityErrors.ToFieldErrors(result, passwordField: "newPassword"));
        }
        var thisSession = await refreshTokens.FindLiveFamilyAsync(RefreshCookie.Read(httpContext), cancellationToken);
        await refreshTokens.RevokeAllAsync(user.Id, RefreshTokenRevocation.PasswordChanged, thisSession, cancellationToken);
        audit.Record(user.Id, "user.password_changed", "user", user.Id.ToString(), null, null);
        await db.SaveChangesAsync(cancellationToken);
        // Every access token issued so far stops working; this session continues with the new one
        // returned here (and its refresh cookie, which was kept).
        await accessTokens.RevokeIssuedBeforeNowAsync(user.Id);
        var role = await db.GetRoleAsync(user.Id, cancellationToken) ?? Roles.Student;
        return TypedResults.Ok(sessions.Respond(user, role));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ForgotPassword(
        ForgotPasswordRequest request, HttpContext httpContext, RedisRateLimiter limiter, UserManager<ApplicationUser> users,
        AccountProvisioning accounts, IEmailSender email, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var address = request.Email.Trim();
        // Per account the limits are silent: past them nothing is sent, but the answer is the same
        // 202, so a stranger asking again and again neither floods the owner's inbox nor keeps the
        // owner from a link (the newest one already in the inbox still works).
        if (!await limiter.TryHitAsync(RateLimitPolicyNames.PasswordResetPerAccount, address)
            || !await limiter.TryHitAsync(RateLimitPolicyNames.PasswordResetPerAccountDaily, address))
        {
            loggers.CreateLogger(typeof(AuthEndpoints)).LogInformation("Password reset email not sent again so soon");
            return TypedResults.Accepted((string?)null);
        }
        // The same answer whether or not the account exists: this endpoint must not tell.
        if (await users.FindByEmailAsync(address) is { } user)
        {
            var link = await accounts.CreatePasswordSetupLinkAsync(user);
            await email.SendAsync(new EmailMessage(
                user.Email!,
                "Reset your ApraNova password",
                $"""
                Hello {user.FullName},

                Someone (hopefully you) asked to reset the password of your ApraNova account.
                Open this link within 24 hours to choose a new password:

                {link}

                If you did not ask for this, ignore this email: your password stays as it is.
                """) { Action = new EmailAction("Choose a new password", link) }, cancellationToken);
        }
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ResetPassword(
        ResetPasswordRequest request, HttpContext httpContext, UserManager<ApplicationUser> users, RefreshTokenService refreshTokens,
        AccessTokenRevocation accessTokens, LoginThrottle throttle, RedisRateLimiter limiter, TrustedDeviceCookie devices,
        IAuditLog audit, ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var address = request.Email.Trim();
        var user = await users.FindByEmailAsync(address);
        if (user is null)
        {
            return Problems.Invalid("token", IdentityErrors.InvalidTokenMessage);
        }
        var result = await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        if (!result.Succeeded)
        {
            return Problems.Invalid(IdentityErrors.ToFieldErrors(result, passwordField: "newPassword"));
        }
        // Whoever could log in before the reset (perhaps the reason for it) cannot any more.
        await refreshTokens.RevokeAllAsync(user.Id, RefreshTokenRevocation.PasswordReset, exceptFamilyId: null, cancellationToken);
        await accessTokens.RevokeIssuedBeforeNowAsync(user.Id);
        if (!user.EmailConfirmed)
        {
            // Following the emailed link proves the address.
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        audit.Record(user.Id, "user.password_reset", "user", user.Id.ToString(), null, null);
        await db.SaveChangesAsync(cancellationToken);

        // The owner proved control of the address: failures others caused no longer hold them
        // back, a new reset email may go out at once, and this browser counts as theirs.
        await throttle.ClearAsync(address);
        await limiter.ResetAsync(RateLimitPolicyNames.PasswordResetPerAccount, address);
        devices.Remember(httpContext, address);
        return TypedResults.NoContent();
    }

    /// <summary>A hash made with the configured hasher, so checking against it costs what a real check costs.</summary>
    private static string? dummyPasswordHash;

    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Unauthorized("Invalid credentials", "The email or password is incorrect.");

    private static ProblemHttpResult Throttled(HttpContext httpContext, LoginThrottle.Decision decision)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var wait = seconds < 120 ? $"{seconds} seconds" : $"{(int)Math.Ceiling(seconds / 60.0)} minutes";
        return Problems.TooManyRequests(decision.Verdict == LoginThrottle.Verdict.ClientMustWait
            ? $"Too many failed log-ins from here for this email. Try again in {wait}, or reset the password."
            : $"Too many failed log-ins for this email from elsewhere. Log in from a device you used before, try again in {wait}, or reset the password.");
    }

    private static ProblemHttpResult SessionEnded(string detail) => Problems.Unauthorized("Session ended", detail);

    private static ProblemHttpResult AccountGone() => Problems.NotFound("The account of this access token no longer exists.");
}
