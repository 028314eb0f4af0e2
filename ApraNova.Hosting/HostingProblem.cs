namespace ApraNova.Hosting;

/// <summary>One thing that stops the AppHost from starting, and what the user can do about it.</summary>
public sealed record HostingProblem(string Problem, string Fix);
