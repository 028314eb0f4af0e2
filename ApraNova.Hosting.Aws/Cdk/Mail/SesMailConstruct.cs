using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using ApraNova.Hosting.Aws.Cdk.Configuration;
using ApraNova.Hosting.Aws.Cdk.Services;
using ApraNova.Hosting.Aws.Model;
using Constructs;

namespace ApraNova.Hosting.Aws.Cdk.Mail;

/// <summary>
/// Mail through Amazon SES (architecture §6): a service whose environment names its sender in
/// <see cref="SenderVariable"/> (a template parameter of the model) may call <c>ses:SendEmail</c>
/// for that sender's identity only (the address, or its domain when the domain is the verified
/// identity), and only with that From address. The identity itself is verified by an operator
/// (README: the SES sandbox step); the stack does not create it, so a stack delete never
/// unverifies a domain that other mail depends on.
/// </summary>
public sealed class SesMailConstruct : Construct
{
    /// <summary>The variable the api reads its SES sender from (<c>Mail:Ses:From</c>).</summary>
    public const string SenderVariable = "Mail__Ses__From";

    /// <summary>A bare address: the identity ARN and the From condition are built from it.</summary>
    public const string SenderPattern = "^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$";

    public SesMailConstruct(Construct scope, string id, SesMailProps props) : base(scope, id)
    {
        foreach (var service in props.Services)
        {
            if (!service.Spec.Environment.TryGetValue(SenderVariable, out var value))
            {
                continue;
            }
            if (value is not ParameterValue { Secret: false } parameterValue || !props.Parameters.Inputs.TryGetValue(parameterValue.ParameterName, out var parameter))
            {
                throw new InvalidOperationException(
                    $"{SenderVariable} of '{service.Spec.Name}' must be a (non-secret) parameter of the model, so the stack can scope ses:SendEmail to it; got {value}.");
            }
            parameter.Description = "Mail sender (Amazon SES): a verified address, or an address of a verified domain. New SES accounts are in the sandbox: verify recipients too, or request production access.";
            parameter.AllowedPattern = SenderPattern;
            parameter.ConstraintDescription = "a bare email address, e.g. no-reply@example.com";

            var sender = parameter.ValueAsString;
            var domain = Fn.Select(1, Fn.Split("@", sender));
            service.TaskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["ses:SendEmail"],
                Resources =
                [
                    $"arn:{Amazon.CDK.Aws.PARTITION}:ses:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:identity/{sender}",
                    $"arn:{Amazon.CDK.Aws.PARTITION}:ses:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:identity/{domain}",
                ],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["ses:FromAddress"] = sender },
                },
            }));
        }
    }
}
