using Xunit.Abstractions;
using Xunit.Sdk;

namespace ApraNova.Tests.Infrastructure;

/// <summary>xunit's assembly runner, which stops the <see cref="SharedInfrastructure"/> once every test collection has finished.</summary>
internal sealed class ApraNovaTestAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    protected override async Task BeforeTestAssemblyFinishedAsync()
    {
        // A failure to stop is reported as an assembly cleanup failure, after the tests' own results.
        await Aggregator.RunAsync(SharedInfrastructure.StopAsync);
        await base.BeforeTestAssemblyFinishedAsync();
    }
}
