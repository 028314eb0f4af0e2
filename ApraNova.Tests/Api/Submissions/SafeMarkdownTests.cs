using ApraNova.Api.Features.Learning;

namespace ApraNova.Tests.Api.Submissions;

public sealed class SafeMarkdownTests
{
    [Theory]
    [InlineData("Load it with `\\copy`.", "<code>\\copy</code>")]
    [InlineData("```sql\nSELECT 1;\n```", "<pre><code class=\"language-sql\">SELECT 1;")]
    [InlineData("[docs](https://www.postgresql.org/docs/)", "href=\"https://www.postgresql.org/docs/\" rel=\"noopener noreferrer nofollow\"")]
    public void Markdown_renders(string markdown, string expected) =>
        Assert.Contains(expected, SafeMarkdown.ToHtml(markdown));

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![tracker](https://evil.example/pixel.png)")]
    public void Nothing_runs_or_loads(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html);
    }
}
