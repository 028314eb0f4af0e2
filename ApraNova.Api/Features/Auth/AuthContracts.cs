using System.ComponentModel.DataAnnotations;

namespace ApraNova.Api.Features.Auth;

/// <summary>The <c>user</c> object of every account response.</summary>
public sealed record UserDto(Guid Id, string Email, string FullName, string Role);

/// <summary>
/// What log-in, sign-up and refresh return. The refresh token is not in the body: it is set as
/// an httpOnly cookie, so page scripts never hold a long-lived credential.
/// </summary>
public sealed record AuthResponse(string AccessToken, DateTimeOffset ExpiresAt, UserDto User);

/// <summary>
/// What sign-up answers, whether or not the email already has an account (sign-up must not tell):
/// the next step happens in the inbox.
/// </summary>
public sealed record SignUpAccepted(string Message);

/// <summary>The token of the sign-up confirmation link.</summary>
public sealed record ConfirmSignUpRequest([Required, MaxLength(4096)] string Token);

/// <summary>Sign-up has no role field: every sign-up is a student (a sent "role" is ignored).</summary>
public sealed record SignUpRequest(
    [Required, EmailAddress, MaxLength(256)] string Email,
    [Required, StringLength(128, MinimumLength = 8)] string Password,
    [Required, StringLength(200, MinimumLength = 1)] string FullName);

public sealed record LoginRequest(
    [Required, MaxLength(256)] string Email,
    [Required, MaxLength(128)] string Password);

public sealed record UpdateProfileRequest(
    [Required, StringLength(200, MinimumLength = 1)] string FullName);

public sealed record ChangePasswordRequest(
    [Required, MaxLength(128)] string CurrentPassword,
    [Required, StringLength(128, MinimumLength = 8)] string NewPassword);

public sealed record ForgotPasswordRequest(
    [Required, EmailAddress, MaxLength(256)] string Email);

public sealed record ResetPasswordRequest(
    [Required, EmailAddress, MaxLength(256)] string Email,
    [Required, MaxLength(2048)] string Token,
    [Required, StringLength(128, MinimumLength = 8)] string NewPassword);
