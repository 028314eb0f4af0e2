namespace ApraNova.Hosting.Setup;

/// <summary>
/// A failure whose message tells the user what is wrong and how to fix it. Aspire logs an
/// exception that stops a resource with its <see cref="ToString"/>: here that is the message
/// alone, because a stack trace would bury the one sentence that matters.
/// </summary>
public sealed class SetupStepException(string message) : Exception(message)
{
    public override string ToString() => Message;
}
