using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("ApraNova.Tests.Infrastructure.ApraNovaTestFramework", "ApraNova.Tests")]

namespace ApraNova.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework with one assembly-level step (xunit 2 has no assembly fixtures;
/// this is its extension point for them): after the last test collection, the
/// <see cref="SharedInfrastructure"/> is stopped (see <see cref="ApraNovaTestAssemblyRunner"/>).
/// </summary>
public sealed class ApraNovaTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new ApraNovaTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
