using ApraNova.Api.Features.Files;
using ApraNova.Api.Features.Submissions;

namespace ApraNova.Tests.Api.Submissions;

/// <summary>The pure rules behind submissions and uploads (no server needed).</summary>
public sealed class ContentRulesTests
{
    [Theory]
    [InlineData("https://github.com/octocat/hello-world", "https://github.com/octocat/hello-world")]
    [InlineData("https://github.com/octocat/hello-world/", "https://github.com/octocat/hello-world")]
    [InlineData("https://github.com/octo-cat/hello.world.git", "https://github.com/octo-cat/hello.world")]
    [InlineData("  https://github.com/a/b  ", "https://github.com/a/b")]
    public void Github_repository_urls_are_accepted_and_normalised(string input, string expected)
    {
        Assert.True(SubmissionContent.TryGithub(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://github.com/a/b")]
    [InlineData("https://github.com/a")]
    [InlineData("https://github.com/a/b/tree/main")]
    [InlineData("https://github.com/-bad/b")]
    [InlineData("https://github.com/a/..")]
    [InlineData("https://github.com.evil.io/a/b")]
    [InlineData("https://gist.github.com/a/b")]
    public void Anything_else_is_not_a_repository(string input) =>
        Assert.False(SubmissionContent.TryGithub(input, out _));

    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("http://example.com/a?b=c", true)]
    [InlineData("ftp://example.com/file", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("example.com", false)]
    [InlineData("https://exa mple.com", false)]
    public void Links_must_be_absolute_http_urls(string input, bool valid) =>
        Assert.Equal(valid, SubmissionContent.TryLink(input, out _));

    [Theory]
    [InlineData("report.pdf", "application/pdf", ".pdf")]
    [InlineData("REPORT.PDF", "application/pdf", ".pdf")]
    [InlineData("data.csv", "application/vnd.ms-excel", ".csv")]
    [InlineData("photo.jpeg", "image/jpeg", ".jpeg")]
    [InlineData("notes.txt", "text/plain; charset=utf-8", ".txt")]
    public void Allowed_types_match_extension_and_declared_type(string name, string contentType, string extension) =>
        Assert.Equal(extension, FileTypes.Match(name, contentType)?.Extension);

    [Theory]
    [InlineData("report.pdf", "image/png")]
    [InlineData("run.sh", "text/plain")]
    [InlineData("report.pdf", null)]
    [InlineData("report.pdf.exe", "application/pdf")]
    public void Mismatches_and_unknown_types_are_refused(string name, string? contentType) =>
        Assert.Null(FileTypes.Match(name, contentType));

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf")]
    [InlineData("..", "")]
    [InlineData("  spaced name.txt  ", "spaced name.txt")]
    [InlineData("a\u0000b.txt", "ab.txt")]
    public void Names_are_reduced_to_a_safe_last_segment(string input, string expected) =>
        Assert.Equal(expected, FileTypes.SanitizeName(input));
}
