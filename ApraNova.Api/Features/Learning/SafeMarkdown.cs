using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ApraNova.Api.Features.Learning;

/// <summary>
/// Markdown (step instructions, submitted .md files, repository READMEs) as HTML that is safe to
/// put into a page: raw HTML in the source is shown as text, links keep only http(s), mailto and
/// in-page targets (a <c>javascript:</c> link becomes plain text) and open with
/// <c>rel="noopener noreferrer nofollow"</c>, and images become their alt text (no third-party
/// requests from a reviewer's or student's browser). CommonMark plus tables, task lists and autolinks.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseTaskLists()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .Build();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
            return "";
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage)
            {
                ReplaceWithText(link, string.IsNullOrWhiteSpace(link.Title) ? Describe(link) : link.Title);
                continue;
            }
            if (!IsSafeUrl(link.Url))
            {
                ReplaceWithChildren(link);
                continue;
            }
            link.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafeUrl(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
                ReplaceWithText(autolink, autolink.Url);
            else
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
        }
        return document.ToHtml(Pipeline);
    }

    /// <summary>http(s), mailto, or a path/fragment on the same site; nothing that runs or embeds.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return false;
        var trimmed = url.Trim();
        if (trimmed.StartsWith('#') || (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal)))
            return true;
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }

    private static string Describe(LinkInline image)
    {
        var alt = string.Concat(image.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
        return string.IsNullOrWhiteSpace(alt) ? "[image]" : $"[image: {alt}]";
    }

    private static void ReplaceWithText(Inline inline, string text) => inline.ReplaceBy(new LiteralInline(text));

    private static void ReplaceWithChildren(ContainerInline container)
    {
        var parent = container.Parent;
        if (parent is null)
            return;
        var children = container.ToList();
        Inline anchor = container;
        foreach (var child in children)
        {
            child.Remove();
            anchor.InsertAfter(child);
            anchor = child;
        }
        container.Remove();
    }
}
