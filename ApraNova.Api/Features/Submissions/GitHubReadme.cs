using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ApraNova.Api.Features.Learning;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Submissions;

public sealed class GitHubOptions
{
    public const string Section = "GitHub";
    /// <summary>GitHub's REST API (tests point it at a local stand-in).</summary>
    public string ApiBase { get; set; } = "https://api.github.com";
    /// <summary>How long a reviewer waits at most before the review screen says the README is unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(4);
}

public sealed record ReadmeView(string RepositoryUrl, bool Available, string? Html, string? Message);

/// <summary>
/// The README of a public GitHub repository, rendered with <see cref="SafeMarkdown"/>, for the
/// review screen. Anything that goes wrong (no network, a private or missing repository, GitHub's
/// rate limit, a slow answer) gives "unavailable" with a reason, never an error: the link stays.
/// Answers are kept 10 minutes per repository (GitHub allows 60 anonymous requests an hour).
/// </summary>
public sealed partial class GitHubReadme(IHttpClientFactory clients, IOptions<GitHubOptions> options, IMemoryCache cache, ILogger<GitHubReadme> logger)
{
    public const string HttpClientName = "github";
    private const int MaxReadmeBytes = 512 * 1024;

    public async Task<ReadmeView> ReadAsync(string repositoryUrl, CancellationToken cancellationToken)
    {
        var match = Repository().Match(repositoryUrl);
        if (!match.Success)
            return new ReadmeView(repositoryUrl, false, null, "This is not a GitHub repository address.");
        var owner = match.Groups["owner"].Value;
        var repo = match.Groups["repo"].Value;
        var key = $"readme:{owner}/{repo}".ToLowerInvariant();
        if (cache.TryGetValue(key, out ReadmeView? cached) && cached is not null)
            return cached;

        var view = await FetchAsync(repositoryUrl, owner, repo, cancellationToken);
        cache.Set(key, view, view.Available ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(1));
        return view;
    }

    private async Task<ReadmeView> FetchAsync(string repositoryUrl, string owner, string repo, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"{options.Value.ApiBase.TrimEnd('/')}/repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}/readme");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github.raw"));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ApraNova", "1.0"));
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var reason = (int)response.StatusCode switch
                {
                    404 => "GitHub has no README for this repository, or the repository is private or missing.",
                    403 or 429 => "GitHub is limiting requests right now; open the repository instead.",
                    _ => $"GitHub answered {(int)response.StatusCode}.",
                };
                return new ReadmeView(repositoryUrl, false, null, reason);
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[MaxReadmeBytes];
            var read = 0;
            int chunk;
            while (read < buffer.Length && (chunk = await body.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0)
                read += chunk;
            return new ReadmeView(repositoryUrl, true, SafeMarkdown.ToHtml(System.Text.Encoding.UTF8.GetString(buffer, 0, read)), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("README of {Owner}/{Repo} unavailable: {Reason}", owner, repo, ex.Message);
            return new ReadmeView(repositoryUrl, false, null, "GitHub could not be reached; open the repository instead.");
        }
    }

    [GeneratedRegex(@"^https://github\.com/(?<owner>[A-Za-z0-9-]{1,39})/(?<repo>[A-Za-z0-9._-]{1,100})$", RegexOptions.CultureInvariant)]
    private static partial Regex Repository();
}
