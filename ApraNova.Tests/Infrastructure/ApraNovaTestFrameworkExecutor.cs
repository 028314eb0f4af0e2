using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ApraNova.Tests.Infrastructure;

/// <summary>Runs the assembly's tests with <see cref="ApraNovaTestAssemblyRunner"/> (as xunit's executor does with its own runner).</summary>
internal sealed class ApraNovaTestFrameworkExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
{
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        using var runner = new ApraNovaTestAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
        await runner.RunAsync();
    }
}
