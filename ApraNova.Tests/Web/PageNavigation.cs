using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Playwright;

namespace ApraNova.Tests.Web;

/// <summary>
/// Waiting for a page's navigation, with what the page was doing when it did not arrive: a
/// timeout alone ("waiting for navigation … until Load") says nothing of why. Every page made by
/// <see cref="BrowserSession.NewPageAsync"/> keeps a short log of its requests (pending ones
/// included) and console errors, which the timeout's message carries.
/// </summary>
public static class PageNavigation
{
    private static readonly ConditionalWeakTable<IPage, PageActivity> Activities = [];

    /// <summary>Starts recording what <paramref name="page"/> requests and logs.</summary>
    public static void Record(IPage page) => Activities.Add(page, new PageActivity(page));

    /// <summary>Waits until the page's address matches, explained when it times out.</summary>
    public static Task WaitForPageAsync(this IPage page, string glob) =>
        ExplainedAsync(page, $"a page at {glob}", () => page.WaitForURLAsync(glob, Committed));

    /// <inheritdoc cref="WaitForPageAsync(IPage, string)"/>
    public static Task WaitForPageAsync(this IPage page, Func<string, bool> url) =>
        ExplainedAsync(page, "the expected page", () => page.WaitForURLAsync(url, Committed));

    /// <summary>
    /// Arrived means the address is committed, not that the document's load event fired: the
    /// web's pages mostly change client-side, where Next's router may fall back to a full load while
    /// prefetches of the navigation's links are still being cancelled, and a journey once waited
    /// 90 s for a load event of a page that was long on screen (its diagnostics showed it). What a
    /// test needs from the page, it asserts next (a heading, a button), and those assertions wait.
    /// </summary>
    private static PageWaitForURLOptions Committed => new() { WaitUntil = WaitUntilState.Commit };

    private static async Task ExplainedAsync(IPage page, string expected, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            var activity = Activities.TryGetValue(page, out var recorded) ? recorded.Describe() : "(no activity recorded)";
            string text;
            try
            {
                text = await page.InnerTextAsync("body", new() { Timeout = 5_000 });
            }
            catch (PlaywrightException)
            {
                text = "(unreadable)";
            }
            throw new TimeoutException(
                $"{ex.Message}\nWaited for {expected}; the page is at {page.Url}, showing: {Excerpt(text, 600)}\n{activity}", ex);
        }
    }

    private static string Excerpt(string text, int length) =>
        text.ReplaceLineEndings(" ").Length <= length ? text.ReplaceLineEndings(" ") : text.ReplaceLineEndings(" ")[..length] + "…";

    private sealed class PageActivity
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<string> _events = new();
        private readonly ConcurrentDictionary<IRequest, TimeSpan> _pending = new();

        public PageActivity(IPage page)
        {
            page.Request += (_, request) => _pending[request] = _clock.Elapsed;
            page.RequestFinished += (_, request) => Finished(request, "done");
            page.RequestFailed += (_, request) => Finished(request, "failed: " + request.Failure);
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning") Add($"console {message.Type}: {Excerpt(message.Text, 200)}");
            };
            page.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null) Add($"navigated to {frame.Url}");
            };
        }

        public string Describe()
        {
            var text = new StringBuilder("Last page events (seconds since the page opened):\n");
            foreach (var line in _events) text.Append("  ").AppendLine(line);
            foreach (var (request, started) in _pending)
                text.Append("  still pending: ").Append(request.Method).Append(' ').Append(request.Url)
                    .Append(" since ").AppendLine(started.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }

        private void Finished(IRequest request, string outcome)
        {
            _pending.TryRemove(request, out _);
            if (request.ResourceType is "document" or "fetch" or "xhr" or "script" || outcome != "done")
                Add($"{request.Method} {request.Url} {outcome}");
        }

        private void Add(string line)
        {
            _events.Enqueue($"{_clock.Elapsed.TotalSeconds:F1} {line}");
            while (_events.Count > 40) _events.TryDequeue(out _);
        }
    }
}
