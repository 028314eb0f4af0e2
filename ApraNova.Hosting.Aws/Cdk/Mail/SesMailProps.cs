using ApraNova.Hosting.Aws.Cdk.Configuration;
using ApraNova.Hosting.Aws.Cdk.Services;

namespace ApraNova.Hosting.Aws.Cdk.Mail;

public sealed record SesMailProps(IReadOnlyList<ServiceConstruct> Services, ParametersConstruct Parameters);
