using System.Text.RegularExpressions;
using ApraNova.Api.Data;
using ApraNova.Api.Features.Tracks;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Features.Submissions;

/// <summary>What a student hands in; which field is required depends on the deliverable's kind.</summary>
public sealed record SubmissionContentRequest(string? Url, string? Text, Guid? FileId);

/// <summary>Checks a hand-in against its deliverable's kind and normalises it.</summary>
public static partial class SubmissionContent
{
    public const int MaxTextLength = 20_000;
    public const int MaxUrlLength = 2_000;

    public sealed record Valid(string? Content, Guid? FileId);

    /// <returns>The normalised content, or field errors keyed by camelCase field name.</returns>
    /// <param name="acceptedFileTypes">File kind: the deliverable's extensions (empty: any allowed upload).</param>
    public static async Task<(Valid? Value, Dictionary<string, string[]>? Errors)> ValidateAsync(
        DeliverableKind kind, IReadOnlyList<string> acceptedFileTypes, SubmissionContentRequest request, Guid studentId,
        ApraNovaDbContext db, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case DeliverableKind.Link:
                return TryLink(request.Url, out var link)
                    ? (new Valid(link, null), null)
                    : (null, Error("url", "Enter an absolute http(s) URL, e.g. https://example.com/report."));
            case DeliverableKind.Github:
                return TryGithub(request.Url, out var repo)
                    ? (new Valid(repo, null), null)
                    : (null, Error("url", "Enter a GitHub repository URL of the form https://github.com/<owner>/<repo>."));
            case DeliverableKind.Text:
                var text = request.Text?.Trim();
                if (string.IsNullOrEmpty(text))
                    return (null, Error("text", "The text must not be empty."));
                return text.Length > MaxTextLength
                    ? (null, Error("text", $"The text must be at most {MaxTextLength} characters."))
                    : (new Valid(text, null), null);
            case DeliverableKind.File:
                // Someone else's file id reads exactly like a missing one: ids are not probeable.
                var name = request.FileId is { } fileId && fileId != Guid.Empty
                    ? await db.StoredFiles.Where(f => f.Id == fileId && f.OwnerId == studentId).Select(f => f.OriginalName).SingleOrDefaultAsync(cancellationToken)
                    : null;
                if (name is null)
                    return (null, Error("fileId", "Upload the file with POST /api/files first and send the id it returns."));
                return Accepts(acceptedFileTypes, name)
                    ? (new Valid(null, request.FileId), null)
                    : (null, Error("fileId", $"This deliverable accepts {DescribeTypes(acceptedFileTypes)} files; “{name}” is not one of them."));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Whether a file name's extension is one of the deliverable's (.jpg and .jpeg are one type).</summary>
    public static bool Accepts(IReadOnlyList<string> acceptedFileTypes, string fileName)
    {
        if (acceptedFileTypes.Count == 0)
            return true;
        var extension = Canonical(Path.GetExtension(fileName));
        return acceptedFileTypes.Any(type => Canonical(type) == extension);
    }

    /// <summary>".png or .pdf": the types as people read them.</summary>
    public static string DescribeTypes(IReadOnlyList<string> acceptedFileTypes) =>
        acceptedFileTypes.Count switch
        {
            0 => "any allowed",
            1 => acceptedFileTypes[0],
            _ => string.Join(", ", acceptedFileTypes.Take(acceptedFileTypes.Count - 1)) + " or " + acceptedFileTypes[^1],
        };

    private static string Canonical(string extension)
    {
        var lower = extension.Trim().ToLowerInvariant();
        if (!lower.StartsWith('.'))
            lower = "." + lower;
        return lower == ".jpeg" ? ".jpg" : lower;
    }

    public static bool TryLink(string? value, out string normalised)
    {
        normalised = "";
        var url = value?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength || url.Any(char.IsWhiteSpace))
            return false;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            return false;
        normalised = uri.AbsoluteUri;
        return true;
    }

    public static bool TryGithub(string? value, out string normalised)
    {
        normalised = "";
        var match = GithubRepository().Match(value?.Trim() ?? "");
        if (!match.Success || match.Groups["repo"].Value is "." or "..")
            return false;
        normalised = $"https://github.com/{match.Groups["owner"].Value}/{match.Groups["repo"].Value}";
        return true;
    }

    // Owner: GitHub's user/org rule (alphanumeric or single hyphens, 1-39 chars); repo: letters,
    // digits, '.', '-', '_'. An optional ".git" suffix or trailing slash is accepted and dropped.
    [GeneratedRegex(@"^https://github\.com/(?<owner>[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})/(?<repo>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex GithubRepository();

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };
}
