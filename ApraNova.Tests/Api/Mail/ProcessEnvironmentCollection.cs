namespace ApraNova.Tests.Api.Mail;

/// <summary>
/// Tests that set process environment variables (<see cref="EnvironmentScope"/>: the AWS SDK's
/// credential chain reads only those). Every process another test starts meanwhile would inherit
/// them (a moto_server once looked for credentials at a test's endpoint after it had closed), so
/// this collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
