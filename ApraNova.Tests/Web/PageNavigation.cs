using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
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

    /// <summary>How long a page may take to arrive: the browser contexts' default timeout.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Waits until the page's address matches a Playwright-style glob: <c>**</c> is anything,
    /// <c>*</c> anything but <c>/</c>, every other character itself (<c>?</c> included).
    /// </summary>
    public static Task WaitForPageAsync(this IPage page, string glob)
    {
        var pattern = GlobPattern(glob);
        return WaitAsync(page, $"a page at {glob}", url => pattern.IsMatch(url));
    }

    /// <summary>Waits until the page's address satisfies <paramref name="url"/>.</summary>
    public static Task WaitForPageAsync(this IPage page, Func<string, bool> url) =>
        WaitAsync(page, "the expected page", url);

    /// <summary>
    /// Arrived means the address is committed, not that the document's load event fired: the
    /// web's pages mostly change client-side, where Next's router may fall back to a full load while
    /// prefetches are still being cancelled, and a journey once waited 90 s for a load event of a
    /// page that was long on screen. The address is polled rather than awaited through
    /// <c>WaitForURLAsync</c>: that checks the current address, then subscribes to navigation
    /// events, and a client-side navigation landing between the two is never seen (a journey
    /// timed out on a review page its log showed open since the click). What a test needs from the
    /// page, it asserts next (a heading, a button), and those assertions wait.
    /// </summary>
    private static async Task WaitAsync(IPage page, string expected, Func<string, bool> arrived)
    {
        var waited = Stopwatch.StartNew();
        while (!arrived(page.Url))
        {
            if (waited.Elapsed > Patience) throw await ExplainedAsync(page, expected);
            await Task.Delay(50);
        }
    }

    private static async Task<TimeoutException> ExplainedAsync(IPage page, string expected)
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
        return new TimeoutException(
            $"Waited {Patience.TotalSeconds} s for {expected}; the page is at {page.Url}, showing: {Excerpt(text, 600)}\n{activity}");
    }

    private static Regex GlobPattern(string glob) =>
        new("^" + string.Concat(Regex.Split(glob, @"(\*\*|\*)").Select(part => part switch
        {
            "**" => ".*",
            "*" => "[^/]*",
            _ => Regex.Escape(part),
        })) + "$");

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
