namespace ApraNova.Tests.Rehearsal;

/// <summary>The template references something the rehearsal has no local stand-in for.</summary>
public sealed class StandInMissingException(string message) : Exception(message);
