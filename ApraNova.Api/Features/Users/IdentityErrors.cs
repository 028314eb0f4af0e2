using Microsoft.AspNetCore.Identity;

namespace ApraNova.Api.Features.Users;

/// <summary>Identity's error codes as field-level validation errors (camelCase field names).</summary>
public static class IdentityErrors
{
    public const string InvalidTokenMessage = "The reset link is invalid or has expired. Ask for a new one.";

    public static Dictionary<string, string[]> ToFieldErrors(IdentityResult result, string passwordField) =>
        result.Errors
            .GroupBy(error => FieldOf(error.Code, passwordField))
            .ToDictionary(group => group.Key, group => group.Select(error => Message(error)).Distinct().ToArray());

    private static string FieldOf(string code, string passwordField) => code switch
    {
        "PasswordMismatch" => "currentPassword",
        "InvalidToken" => "token",
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        _ when code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) => "email",
        _ => "$",
    };

    private static string Message(IdentityError error) => error.Code switch
    {
        "PasswordMismatch" => "The current password is incorrect.",
        "InvalidToken" => InvalidTokenMessage,
        _ => error.Description,
    };
}
