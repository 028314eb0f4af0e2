using ApraNova.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApraNova.Tests.Web;

/// <summary>
/// The support desk and receipts in a real browser (Chromium) against the whole app: a student
/// pays for a track while logged in and downloads the receipt from their payment history; asks
/// for help; staff answer on a phone-sized screen, keeping an internal note the student never
/// sees; the student resolves the ticket. (A class of its own: BrowserJourneyTests belongs to the
/// learning journey.)
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class StaffSupportJourneyTests(AppHostFixture host) : IAsyncLifetime
{
    private BrowserSession app = null!;

    public async Task InitializeAsync() => app = await BrowserSession.StartAsync(host);

    public async Task DisposeAsync() => await app.DisposeAsync();

    // Generous upper bounds, not timings: the suite runs this beside the api tests on 2 cores.
    static StaffSupportJourneyTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task Student_downloads_a_receipt_and_a_ticket_goes_round_trip_with_a_note_only_staff_see()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var email = $"helpme-{run}@example.com";
        var password = "Student-pass-" + run;
        using (var web = app.CreateHttpClient())
        {
            using var signUp = await ApraNova.Tests.Api.ApiFactory.SignUpAsync(web, email, password, $"Hana Help {run}");
        }

        // --- The student pays while logged in, and downloads the receipt.
        var student = await app.NewPageAsync();
        await LogIn(student, email, password, home: "/dashboard");
        await student.GotoAsync("/checkout?track=DP");
        await student.GetByRole(AriaRole.Button, new() { Name = "Continue to payment", Exact = true }).ClickAsync();
        await student.Locator("#email").WaitForAsync();
        // A logged-in student pays as themselves: the checkout carries their email, read-only. (It
        // once went anonymous, started while the web was restoring the session after the page load.)
        Assert.NotNull(await student.Locator("#email").GetAttributeAsync("readonly"));
        Assert.Equal(email, await student.Locator("#email").InputValueAsync(), ignoreCase: true);
        await student.Locator("#name").FillAsync($"Hana Help {run}");
        await student.GetByRole(AriaRole.Button, new() { Name = "Pay USD" }).ClickAsync();
        await student.WaitForPageAsync("**/checkout/success?session_id=*");
        await Expect(student.GetByText("Payment received").First).ToBeVisibleAsync();

        await student.GotoAsync("/payments");
        await Expect(Heading(student, "Payments and receipts")).ToBeVisibleAsync();
        // Receipts are issued in the background: reload until the button is there.
        var receiptButton = student.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Receipt R-\d{4}-\d{6} \(PDF\)$") });
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await receiptButton.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2000);
            await student.ReloadAsync();
            await Expect(Heading(student, "Payments and receipts")).ToBeVisibleAsync();
        }
        var download = await student.RunAndWaitForDownloadAsync(() => receiptButton.ClickAsync());
        Assert.Matches(@"^R-\d{4}-\d{6}\.pdf$", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        await Shot(student, "student-payments");

        // --- The student asks for help.
        await student.GotoAsync("/support");
        await Expect(Heading(student, "Help")).ToBeVisibleAsync();
        await student.GetByRole(AriaRole.Link, new() { Name = "Ask for help", Exact = true }).ClickAsync();
        await Expect(Heading(student, "Ask for help")).ToBeVisibleAsync();
        var subject = $"Notebook will not upload {run}";
        await student.GetByLabel("Subject").FillAsync(subject);
        await student.GetByLabel("Category").SelectOptionAsync("technical");
        await student.GetByLabel("What do you need?").FillAsync("The upload stops at 80%.");
        await student.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(Heading(student, subject)).ToBeVisibleAsync();
        await Expect(student.GetByText("Waiting for support")).ToBeVisibleAsync();

        // --- Staff on a phone: the queue, a note, an answer.
        var admin = await app.NewPageAsync();
        await LogIn(admin, app.AdminEmail, app.AdminPassword, home: "/staff/users");
        await admin.GotoAsync("/staff/support");
        await Expect(Heading(admin, "Support")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = subject, Exact = true }).ClickAsync();
        await Expect(Heading(admin, subject)).ToBeVisibleAsync();
        await Shot(admin, "staff-ticket-phone");
        var secret = $"Suspect a proxy at their school {run}";
        await admin.GetByLabel("Internal note: only staff see it").CheckAsync();
        await admin.GetByLabel("Note", new() { Exact = true }).FillAsync(secret);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        await Expect(admin.GetByText("Internal note — staff only")).ToBeVisibleAsync();
        await admin.GetByLabel("Message", new() { Exact = true }).FillAsync("Try the upload from another network, and tell us.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Send reply", Exact = true }).ClickAsync();
        await Expect(admin.GetByText("Try the upload from another network")).ToBeVisibleAsync();

        // --- The student sees the answer, never the note, and resolves.
        await student.ReloadAsync();
        await Expect(student.GetByText("Try the upload from another network")).ToBeVisibleAsync();
        await Expect(student.GetByText("Answered", new() { Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await student.ContentAsync());
        await student.GetByRole(AriaRole.Button, new() { Name = "Mark as resolved", Exact = true }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Button, new() { Name = "Reopen", Exact = true })).ToBeVisibleAsync();
        await Expect(student.GetByText("Resolved", new() { Exact = true })).ToBeVisibleAsync();
        await Shot(student, "student-ticket-resolved");

        // --- The staff console fits a phone: no page scrolls sideways at 375 px (tables become cards).
        foreach (var (path, heading) in new[]
                 {
                     ("/staff", "Overview"), ("/staff/users", "Users"), ("/staff/payments", "Payments"),
                     ("/staff/audit", "Audit log"), ("/staff/support", "Support"),
                 })
        {
            await admin.GotoAsync(path);
            await Expect(Heading(admin, heading)).ToBeVisibleAsync();
            await admin.Locator("main table, main .empty").First.WaitForAsync();
            var overflow = await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            await Shot(admin, "staff-phone" + path.Replace('/', '-'));
            Assert.True(overflow <= 0, $"{path} is {overflow} px wider than the 375 px screen");
        }

        foreach (var page in new[] { student, admin })
            await page.Context.CloseAsync();
    }

    private static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    private static async Task LogIn(IPage page, string email, string password, string home)
    {
        await page.GotoAsync("/login");
        await Expect(Heading(page, "Log in")).ToBeVisibleAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForPageAsync(url => new Uri(url).AbsolutePath == home);
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDirectory, name + ".png"), FullPage = true });
}
