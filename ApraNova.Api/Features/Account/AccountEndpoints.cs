using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Audit;
using ApraNova.Api.Features.Auth;
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

namespace ApraNova.Api.Features.Account;

public sealed record ChangeEmailRequest(
    [Required, EmailAddress, MaxLength(256)] string NewEmail,
    [Required, MaxLength(128)] string CurrentPassword);

public sealed record ConfirmEmailChangeRequest(
    [Required] Guid? UserId,
    [Required, EmailAddress, MaxLength(256)] string NewEmail,
    [Required, MaxLength(2048)] string Token);

public sealed record DeleteAccountRequest([Required, MaxLength(128)] string CurrentPassword);

/// <summary>What deleting the account does, and whether this account may do it itself.</summary>
public sealed record AccountDeletionInfo(bool Allowed, string? Reason, IReadOnlyList<string> Consequences);

/// <summary>A session: one log-in and the refreshes that followed it (a refresh-token family).</summary>
public sealed record AccountSession(Guid Id, DateTimeOffset StartedAt, DateTimeOffset LastActiveAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Self-service for the signed-in person (mapped under <c>/api/account</c> by <see cref="AccountFeature"/>):
/// change of email confirmed from the new address, export of their data, deletion, sessions.
/// </summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/email", RequestEmailChangeAsync)
            .RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestEmailChange")
            .WithSummary("Sends a confirmation link to the new address; the email changes only when the link is followed.");
        group.MapPost("/email/confirm", ConfirmEmailChangeAsync)
            .AllowAnonymous()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ConfirmEmailChange")
            .WithSummary("Changes the email with the token from the confirmation link (no session needed: the token is the proof).")
            .RequireIpRateLimit(RateLimitPolicyNames.PasswordResetPerIp);
        group.MapGet("/export", ExportAsync)
            .RequireAuthorization()
            .Produces<AccountExport>(StatusCodes.Status200OK, "application/json")
            .WithName("ExportMyData")
            .WithSummary("Everything the platform holds about the caller, as JSON (one section per table).");
        group.MapGet("/deletion", (ClaimsPrincipal caller) => TypedResults.Ok(DeletionInfo(caller)))
            .RequireAuthorization()
            .WithName("GetAccountDeletionInfo")
            .WithSummary("What deleting the account does, and whether this account may delete itself.");
        group.MapPost("/delete", DeleteAsync)
            .RequireAuthorization()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteMyAccount")
            .WithSummary("Deletes the caller's account (students; staff and trainer accounts are closed by an administrator).");
        group.MapGet("/sessions", SessionsAsync)
            .RequireAuthorization()
            .WithName("ListMySessions")
            .WithSummary("The caller's sessions that have not ended, most recently active first.");
        group.MapPost("/sessions/revoke-all", RevokeAllAsync)
            .RequireAuthorization()
            .WithName("LogOutEverywhere")
            .WithSummary("Ends every session of the caller, this one included: every device must log in again.");
        return group;
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> RequestEmailChangeAsync(
        ChangeEmailRequest request, ClaimsPrincipal caller, HttpContext http, RedisRateLimiter limiter, UserManager<ApplicationUser> users,
        IEmailSender email, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(caller.GetUserId().ToString());
        if (user is null)
            return Problems.NotFound("The account of this access token no longer exists.");
        // A stolen access token must not become a way to guess the password.
        if (await limiter.HitAsync(http, RateLimitPolicyNames.LoginPerAccount, user.Email ?? user.Id.ToString()) is { } refused)
            return refused;
        var newEmail = request.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
            return Problems.Invalid("newEmail", "That is already your email address.");
        if (!await users.HasPasswordAsync(user))
            return Problems.Invalid("currentPassword", "Your account has no password yet: set one with the link from your welcome email (or \"Forgot password\") first.");
        if (!await users.CheckPasswordAsync(user, request.CurrentPassword))
            return Problems.Invalid("currentPassword", "The current password is incorrect.");
        if (await users.FindByEmailAsync(newEmail) is not null)
            return Problems.Conflict("Email already registered", "Another account uses this address.");

        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        var link = $"{app.Value.PublicUrl.TrimEnd('/')}/account/confirm-email?userId={user.Id}&email={Uri.EscapeDataString(newEmail)}&token={Uri.EscapeDataString(token)}";
        await email.SendAsync(new EmailMessage(newEmail, "Confirm your new ApraNova email address",
            $"""
            Hello {user.FullName},

            You asked to use this address for your ApraNova account (instead of {user.Email}).
            Open this link within 24 hours to confirm:

            {link}

            If you did not ask for this, ignore this email: nothing changes.
            """), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ConfirmEmailChangeAsync(
        ConfirmEmailChangeRequest request, UserManager<ApplicationUser> users, ApraNovaDbContext db, IAuditLog audit, IEmailSender email,
        CancellationToken cancellationToken)
    {
        var invalid = Problems.Invalid("token", "The confirmation link is invalid or has expired. Ask for a new one from your profile.");
        var user = await users.FindByIdAsync(request.UserId!.Value.ToString());
        if (user is null || AccountDeletion.IsTombstone(user))
            return invalid;
        var newEmail = request.NewEmail.Trim();
        if (await users.FindByEmailAsync(newEmail) is { } other && other.Id != user.Id)
            return Problems.Conflict("Email already registered", "Another account uses this address now.");
        var oldEmail = user.Email;
        var changed = await users.ChangeEmailAsync(user, newEmail, request.Token);
        if (!changed.Succeeded)
            return changed.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Problems.Conflict("Email already registered", "Another account uses this address now.")
                : invalid;
        // Log-in finds accounts by email; the user name follows it.
        var renamed = await users.SetUserNameAsync(user, newEmail);
        if (!renamed.Succeeded)
            return Problems.Conflict("Email already registered", "Another account uses this address now.");
        audit.Record(user.Id, "user.email_changed", "user", user.Id.ToString(), new { email = oldEmail }, new { email = newEmail });
        await db.SaveChangesAsync(cancellationToken);
        if (oldEmail is { Length: > 0 })
            await email.SendAsync(new EmailMessage(oldEmail, "Your ApraNova email address was changed",
                $"""
                Hello {user.FullName},

                The email address of your ApraNova account is now {newEmail}. Use it to log in from now on.
                If you did not do this, contact support at once.
                """), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal caller, AccountExporter exporter, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var export = await exporter.ExportAsync(caller.GetUserId(), cancellationToken);
        if (export is null)
            return Problems.NotFound("The account of this access token no longer exists.");
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions);
        return TypedResults.File(bytes, "application/json", $"apranova-data-{clock.GetUtcNow():yyyyMMdd}.json");
    }

    private static AccountDeletionInfo DeletionInfo(ClaimsPrincipal caller) =>
        caller.IsInRole(Roles.Student)
            ? new AccountDeletionInfo(true, null, AccountDeletion.Consequences)
            : new AccountDeletionInfo(false, "Staff and trainer accounts are closed by an administrator: students and reviews depend on them.",
                AccountDeletion.Consequences);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        DeleteAccountRequest request, ClaimsPrincipal caller, HttpContext http, RedisRateLimiter limiter, UserManager<ApplicationUser> users,
        ApraNovaDbContext db, AccountDeletion deletion, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(caller.GetUserId().ToString());
        if (user is null)
            return Problems.NotFound("The account of this access token no longer exists.");
        if (await db.GetRoleAsync(user.Id, cancellationToken) != Roles.Student)
            return Problems.Conflict("Ask an administrator", DeletionInfo(caller).Reason ?? "Only students delete their own accounts.");
        if (await limiter.HitAsync(http, RateLimitPolicyNames.LoginPerAccount, user.Email ?? user.Id.ToString()) is { } refused)
            return refused;
        if (!await users.HasPasswordAsync(user))
            return Problems.Invalid("currentPassword", "Your account has no password yet: set one with the link from your welcome email (or \"Forgot password\") first.");
        if (!await users.CheckPasswordAsync(user, request.CurrentPassword))
            return Problems.Invalid("currentPassword", "The current password is incorrect.");
        await deletion.DeleteAsync(user.Id, cancellationToken);
        RefreshCookie.Delete(http);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<AccountSession>>> SessionsAsync(ClaimsPrincipal caller, ApraNovaDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = caller.GetUserId();
        var now = clock.GetUtcNow();
        var live = db.RefreshTokens.AsNoTracking().Where(t => t.UserId == userId);
        var sessions = await live
            .Where(t => t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => new
            {
                t.FamilyId, t.ExpiresAt, LastActiveAt = t.CreatedAt,
                StartedAt = live.Where(other => other.FamilyId == t.FamilyId).Min(other => other.CreatedAt),
            })
            .OrderByDescending(s => s.LastActiveAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(sessions.Select(s => new AccountSession(s.FamilyId, s.StartedAt, s.LastActiveAt, s.ExpiresAt)).ToList());
    }

    private static async Task<NoContent> RevokeAllAsync(
        ClaimsPrincipal caller, HttpContext http, RefreshTokenService refreshTokens, AccessTokenRevocation accessTokens, IAuditLog audit,
        ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.GetUserId();
        var ended = await refreshTokens.RevokeAllAsync(userId, RefreshTokenRevocation.LoggedOut, exceptFamilyId: null, cancellationToken);
        await accessTokens.RevokeIssuedBeforeNowAsync(userId);
        audit.Record(userId, "user.logged_out_everywhere", "user", userId.ToString(), null, new { endedTokens = ended });
        await db.SaveChangesAsync(cancellationToken);
        RefreshCookie.Delete(http);
        return TypedResults.NoContent();
    }
}
