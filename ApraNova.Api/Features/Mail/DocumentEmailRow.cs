namespace ApraNova.Api.Features.Mail;

/// <summary>One line of a <see cref="DocumentEmail"/>'s table: a label and its value (a figure, a date, a name).</summary>
public sealed record DocumentEmailRow(string Label, string Value);
