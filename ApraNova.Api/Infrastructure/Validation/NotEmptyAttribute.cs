using System.ComponentModel.DataAnnotations;

namespace ApraNova.Api.Infrastructure.Validation;

/// <summary>
/// An id that is present and not all zeros. <c>[Required]</c> cannot say this of a
/// <see cref="Guid"/>: a missing JSON field binds as <see cref="Guid.Empty"/>, which is not null.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class NotEmptyAttribute() : ValidationAttribute("The {0} field is required.")
{
    public override bool IsValid(object? value) => value is Guid id ? id != Guid.Empty : value is not null;
}
