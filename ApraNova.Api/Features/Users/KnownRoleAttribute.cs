using System.ComponentModel.DataAnnotations;

namespace ApraNova.Api.Features.Users;

/// <summary>One of <see cref="Roles.All"/> (or nothing: combine with <c>[Required]</c> where a role must be given).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class KnownRoleAttribute() : ValidationAttribute($"Role must be one of: {string.Join(", ", Roles.All)}.")
{
    public override bool IsValid(object? value) => value is null or "" || value is string role && Roles.IsValid(role);
}
