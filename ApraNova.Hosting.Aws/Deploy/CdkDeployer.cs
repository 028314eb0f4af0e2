using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ApraNova.Hosting.Aws.Deploy;

/// <summary>
/// Runs <c>cdk deploy --app &lt;cloud assembly&gt;</c>. Deploying needs what synthesis does not: the
/// AWS CDK CLI, AWS credentials, and (for image assets) Docker and a bootstrapped account. What
/// is missing is said once, before anything starts.
/// </summary>
public static class CdkDeployer
{
    public static async Task DeployAsync(string cloudAssemblyDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var missing = MissingPrerequisites(Environment.GetEnvironmentVariables(), FindOnPath, File.Exists);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot deploy to AWS: {string.Join("; ", missing)}. The cloud assembly is ready at {cloudAssemblyDirectory} " +
                $"(deploy it later with `cdk deploy --app {cloudAssemblyDirectory} --all`).");
        }

        var start = new ProcessStartInfo(FindOnPath("cdk")!)
        {
            ArgumentList = { "deploy", "--app", cloudAssemblyDirectory, "--all", "--require-approval", "never", "--progress", "events" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the AWS CDK CLI.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("{Line}", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("{Line}", e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cdk deploy failed with exit code {process.ExitCode}; see the log above.");
        }
    }

    /// <summary>What stops a deploy on this machine (empty when nothing does).</summary>
    public static IReadOnlyList<string> MissingPrerequisites(
        System.Collections.IDictionary environment, Func<string, string?> findOnPath, Func<string, bool> fileExists)
    {
        var missing = new List<string>();
        if (findOnPath("cdk") is null)
        {
            missing.Add("the AWS CDK CLI is not installed (npm install -g aws-cdk@2)");
        }

        if (!HasCredentials(environment, fileExists))
        {
            missing.Add("no AWS credentials were found (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, " +
                        "a web identity token, or configure ~/.aws/credentials)");
        }

        return missing;
    }

    private static bool HasCredentials(System.Collections.IDictionary environment, Func<string, bool> fileExists)
    {
        bool Has(string name) => environment[name] is string value && value.Length > 0;

        if ((Has("AWS_ACCESS_KEY_ID") && Has("AWS_SECRET_ACCESS_KEY")) || Has("AWS_PROFILE")
            || Has("AWS_WEB_IDENTITY_TOKEN_FILE") || Has("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            || Has("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
        {
            return true;
        }

        var home = environment["HOME"] as string ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var credentialsFile = environment["AWS_SHARED_CREDENTIALS_FILE"] as string ?? Path.Combine(home, ".aws", "credentials");
        var configFile = environment["AWS_CONFIG_FILE"] as string ?? Path.Combine(home, ".aws", "config");
        return fileExists(credentialsFile) || fileExists(configFile);
    }

    private static string? FindOnPath(string command)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
    }
}
