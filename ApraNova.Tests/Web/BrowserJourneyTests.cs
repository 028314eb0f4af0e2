using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApraNova.Tests.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApraNova.Tests.Web;

/// <summary>
/// The product's main journey in a real browser (Chromium, phone width) against the whole app:
/// a visitor buys a track on the (fake) Stripe page, sets a password from the welcome email,
/// works through project 1, gets a revision request, resubmits, gets approved, sees project 2
/// unlock and uploads a file there; the trainer reviews and downloads; an admin sees the payment
/// and the audit trail. Screenshots of each role's main page land in artifacts/screenshots.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class BrowserJourneyTests(AppHostFixture host) : IAsyncLifetime
{
    private BrowserSession app = null!;

    public async Task InitializeAsync() => app = await BrowserSession.StartAsync(host);

    public async Task DisposeAsync() => await app.DisposeAsync();

    // Generous upper bounds, not timings: the suite runs this beside the api tests on 2 cores.
    static BrowserJourneyTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task Visitor_buys_a_track_and_works_through_a_reviewed_project_while_staff_follow()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var studentEmail = $"student-{run}@example.com";
        var studentPassword = "Student-pass-" + run;
        var trainerEmail = $"trainer-{run}@example.com";
        var trainerPassword = "Trainer-pass-" + run;
        var trainerName = $"Tess Trainer {run}";

        // --- Admin (through the api): a trainer who takes Data Professional students.
        using (var adminApi = await app.LogInAsync(app.AdminEmail, app.AdminPassword))
        {
            var created = await adminApi.PostAsJsonAsync("/api/admin/users", new { email = trainerEmail, fullName = trainerName, role = "trainer" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var trainerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var added = await adminApi.PostAsJsonAsync("/api/admin/tracks/DP/trainers", new { trainerId });
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }

        // --- A visitor looks around (every public page passes axe), opens Checkout for FSD and cancels.
        var visitor = await app.NewPageAsync();
        foreach (var path in new[] { "/", "/tracks", "/tracks/DP", "/login", "/signup", "/forgot-password", "/terms", "/privacy", "/refunds", "/contact" })
        {
            await visitor.GotoAsync(path);
            await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
            await Axe(visitor, "visitor");
        }
        await visitor.GotoAsync("/tracks/FSD");
        await Expect(Heading(visitor, "Full-Stack Developer")).ToBeVisibleAsync();
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Syllabus" })).ToBeVisibleAsync();
        await Expect(visitor.GetByText("Refund policy").First).ToBeVisibleAsync();
        await Shot(visitor, "public-track-page");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Enroll in Full-Stack Developer" }).First.ClickAsync();
        await visitor.WaitForPageAsync("**/checkout?track=FSD");
        // The track chosen on its page is the one being bought: no second choice to make.
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Full-Stack Developer", Level = 2 })).ToBeVisibleAsync();
        await Expect(visitor.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);
        await Axe(visitor, "visitor");
        await Shot(visitor, "public-checkout-preselected");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Continue to payment", Exact = true }).ClickAsync();
        await visitor.Locator("#email").WaitForAsync();
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await visitor.WaitForPageAsync("**/checkout/cancelled?track=FSD");
        await Expect(visitor.GetByText("Nothing was charged")).ToBeVisibleAsync();
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToHaveAttributeAsync("href", "/checkout?track=FSD");
        await Axe(visitor, "visitor");
        await Shot(visitor, "public-checkout-cancelled");

        // --- Visitor: landing → tracks → checkout → fake Stripe (a declined card, then another) → success page.
        var student = await app.NewPageAsync();
        // What went wrong, should a step time out: failed responses and console errors of the page.
        var trouble = new List<string>();
        student.Console += (_, message) => { if (message.Type is "error" or "warning") trouble.Add($"console {message.Type}: {message.Text}"); };
        student.Response += (_, response) => { if (response.Status >= 400) trouble.Add($"{response.Status} {response.Request.Method} {response.Url}"); };
        await student.GotoAsync("/");
        await Expect(student.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Learn by building");
        await Shot(student, "public-landing");
        await FollowLink(student, "See the tracks and prices", "/tracks", "Tracks and prices");
        await Expect(student.GetByText("$499")).ToBeVisibleAsync();
        await FollowLink(student, "Enroll in Data Professional", "/checkout?track=DP", "Enroll in a track");
        await student.GetByRole(AriaRole.Button, new() { Name = "Continue to payment", Exact = true }).ClickAsync();

        try
        {
            // The payment page's own email field, not a URL wait: the page leaves for Stripe with
            // window.location.assign after an async call, and a URL wait can miss that navigation.
            await student.Locator("#email").WaitForAsync();
            Assert.False(student.Url.StartsWith(app.WebUrl.ToString(), StringComparison.Ordinal), $"still on the web: {student.Url}");
        }
        catch (TimeoutException)
        {
            await Shot(student, "failure-checkout");
            Assert.Fail($"Checkout never reached the payment page ({student.Url}). {string.Join("; ", trouble)}\nPage: {await student.InnerTextAsync("body")}");
        }
        await student.Locator("#email").FillAsync(studentEmail);
        await student.Locator("#name").FillAsync("Sam Student");
        await student.GetByRole(AriaRole.Button, new() { Name = "Pay with a declined card" }).ClickAsync();
        await Expect(student.GetByText("Your card was declined")).ToBeVisibleAsync();
        await student.Locator("#email").FillAsync(studentEmail);
        await student.Locator("#name").FillAsync("Sam Student");
        await student.GetByRole(AriaRole.Button, new() { Name = "Pay USD" }).ClickAsync();

        await student.WaitForPageAsync("**/checkout/success?session_id=*");
        await Expect(student.GetByText("Payment received").First).ToBeVisibleAsync();
        // The declined attempt was not the outcome: thanks, and no failure message anywhere.
        await Expect(Heading(student, "Thank you")).ToBeVisibleAsync();
        await Expect(student.GetByText("did not go through")).ToHaveCountAsync(0);
        await Axe(student, "visitor");
        await Shot(student, "public-checkout-success");

        // --- The welcome email's link sets the password, and the buyer is logged in by it.
        await SetPassword(student, await app.WaitForPasswordLinkAsync(studentEmail), studentPassword, home: "/dashboard");
        await Expect(Heading(student, "Data Professional")).ToBeVisibleAsync();
        await Expect(student.GetByText(trainerName)).ToBeVisibleAsync();
        await Axe(student, "student");
        await Shot(student, "student-dashboard");

        // The session survives a reload (refresh cookie → new in-memory access token).
        await student.ReloadAsync();
        await Expect(student.GetByText(trainerName)).ToBeVisibleAsync();

        // The profile: the account was created from the payment; the student names themselves.
        await FollowLink(student, "Profile", "/profile", "Your profile");
        await Expect(student.GetByText(studentEmail)).ToBeVisibleAsync();
        // The name typed at checkout was kept.
        await Expect(student.GetByLabel("Full name")).ToHaveValueAsync("Sam Student");
        await Axe(student, "student");
        await student.GetByLabel("Full name").FillAsync("Sam Student");
        await student.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(student.GetByText("Saved.")).ToBeVisibleAsync();

        // A student has no staff navigation and a staff URL says so.
        await Expect(student.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await student.GotoAsync("/staff/users");
        await Expect(Heading(student, "Not allowed")).ToBeVisibleAsync();

        // --- Project 1: tick every step, hand in the repository and the memo.
        await student.GotoAsync("/dashboard");
        await Expect(Heading(student, "Data Professional")).ToBeVisibleAsync();
        // The project's link in the list of projects (the "current project" card links it too).
        await student.Locator("ol.project-list").GetByRole(AriaRole.Link, new() { Name = "SQL analysis of an online retail business", Exact = true }).ClickAsync();
        await student.WaitForPageAsync("**/projects/*");
        await Expect(student.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("SQL analysis");
        var steps = student.GetByRole(AriaRole.Checkbox);
        var stepCount = await steps.CountAsync();
        Assert.True(stepCount > 0);
        for (var i = 0; i < stepCount; i++)
        {
            await steps.Nth(i).CheckAsync();
            await Expect(steps.Nth(i)).ToBeEnabledAsync(); // saved (disabled while the PUT runs)
        }
        // The project's bar follows the ticks at once: 5 steps of 7 units (2 deliverables) = 71%.
        await Expect(student.GetByRole(AriaRole.Progressbar, new() { Name = "Project progress" })).ToHaveAttributeAsync("value", "71");
        // Step instructions are Markdown: code spans render as code.
        await Expect(student.Locator(".steps code").First).ToBeVisibleAsync();
        await Axe(student, "student");
        await Shot(student, "student-project-steps");
        await student.ReloadAsync();
        await Expect(student.GetByRole(AriaRole.Checkbox).First).ToBeCheckedAsync();
        await Expect(student.GetByRole(AriaRole.Checkbox).Last).ToBeCheckedAsync();

        var repository = Deliverable(student, "SQL repository");
        // Bad input first: the api's validation message shows next to the field.
        await repository.GetByLabel("GitHub repository URL").FillAsync("https://example.com/not-github");
        await repository.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(repository.Locator(".field-error")).ToBeVisibleAsync();
        await repository.GetByLabel("GitHub repository URL").FillAsync($"https://github.com/sam-student/retail-sql-draft-{run}");
        await repository.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(repository.GetByText("Waiting for review")).ToBeVisibleAsync();
        // The student sees what they handed in, and replaces it before the trainer opens it.
        await Expect(repository.GetByRole(AriaRole.Link, new() { Name = $"https://github.com/sam-student/retail-sql-draft-{run}" })).ToBeVisibleAsync();
        await repository.GetByRole(AriaRole.Button, new() { Name = "Replace SQL repository" }).ClickAsync();
        await repository.GetByLabel("GitHub repository URL").FillAsync($"https://github.com/sam-student/retail-sql-{run}");
        await repository.GetByRole(AriaRole.Button, new() { Name = "Save the replacement", Exact = true }).ClickAsync();
        await Expect(repository.GetByRole(AriaRole.Link, new() { Name = $"https://github.com/sam-student/retail-sql-{run}" })).ToBeVisibleAsync();
        await Shot(student, "student-deliverable-replaced");

        var memo = Deliverable(student, "Findings memo");
        await memo.GetByLabel("Your answer").FillAsync("Revenue grows in Q4; the top 10% of customers bring half of it.");
        await memo.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(memo.GetByText("Waiting for review")).ToBeVisibleAsync();

        // --- Trainer: password through "forgot password", then the review queue.
        var trainer = await app.NewPageAsync(width: 1280, height: 900);
        await trainer.GotoAsync("/login");
        await Expect(Heading(trainer, "Log in")).ToBeVisibleAsync();
        await FollowLink(trainer, "Forgot your password?", "/forgot-password", "Forgot your password?");
        await trainer.GetByLabel("Email", new() { Exact = true }).FillAsync(trainerEmail);
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Send the link", Exact = true }).ClickAsync();
        await Expect(trainer.GetByText("we have sent it a link")).ToBeVisibleAsync();
        await SetPassword(trainer, await app.WaitForPasswordLinkAsync(trainerEmail), trainerPassword, home: "/staff/reviews");
        await Expect(Heading(trainer, "Review queue")).ToBeVisibleAsync();
        await Expect(trainer.GetByText("Sam Student", new() { Exact = true }).First).ToBeVisibleAsync();
        // The navigation counts what waits for review.
        await Expect(trainer.GetByRole(AriaRole.Link, new() { Name = "Review queue" })).ToContainTextAsync("2");
        await Axe(trainer, "trainer");
        await Shot(trainer, "trainer-review-queue");

        // The queue's "Review … by Sam Student" links must not stand in for the student's own link:
        // wait for the students page itself, then look for the link by its exact name.
        await FollowLink(trainer, "My students", "/staff/students", "My students");
        await Expect(trainer.GetByRole(AriaRole.Link, new() { Name = "Sam Student", Exact = true })).ToBeVisibleAsync();
        await Axe(trainer, "trainer");
        await Shot(trainer, "trainer-students");
        // At phone width the trainer's pages fit: no sideways scrolling.
        await trainer.SetViewportSizeAsync(375, 812);
        await NoHorizontalScroll(trainer);
        await trainer.GetByRole(AriaRole.Link, new() { Name = "Sam Student", Exact = true }).ClickAsync();
        await trainer.WaitForPageAsync("**/staff/students/*");
        await Expect(Heading(trainer, "Sam Student")).ToBeVisibleAsync();
        await NoHorizontalScroll(trainer);
        await Axe(trainer, "trainer");
        await trainer.GotoAsync("/staff/reviews");
        await Expect(trainer.GetByText("Sam Student", new() { Exact = true }).First).ToBeVisibleAsync();
        await NoHorizontalScroll(trainer);
        await Expect(trainer.GetByRole(AriaRole.Link, new() { Name = "Review Findings memo by Sam Student" })).ToBeInViewportAsync();
        await Shot(trainer, "trainer-review-queue-375");
        await trainer.SetViewportSizeAsync(1280, 900);

        await Review(trainer, "Findings memo", approve: false, feedback: "Say which rows you excluded from revenue and why.");

        // --- Student: told in the app (badge, list), sees the feedback and resubmits.
        await student.GotoAsync("/dashboard");
        await Expect(student.GetByRole(AriaRole.Link, new() { Name = "Notifications" })).ToContainTextAsync("1");
        await FollowLink(student, "Notifications 1 unread", "/notifications", "Notifications");
        await Expect(student.GetByRole(AriaRole.Link, new() { Name = "Revision requested: Findings memo" })).ToBeVisibleAsync();
        await Expect(student.GetByText("Say which rows you excluded").First).ToBeVisibleAsync();
        await Axe(student, "student");
        await Shot(student, "student-notifications");
        await student.GetByRole(AriaRole.Link, new() { Name = "Revision requested: Findings memo" }).ClickAsync();
        await student.WaitForPageAsync("**/projects/*");
        memo = Deliverable(student, "Findings memo");
        await Expect(memo.GetByText("Revision requested")).ToBeVisibleAsync();
        await Expect(memo.GetByText("Say which rows you excluded")).ToBeVisibleAsync();
        await memo.GetByLabel("Your answer").FillAsync("Excluding returns and zero-price lines, revenue grows 12% in Q4; the top 10% bring 48%.");
        await memo.GetByRole(AriaRole.Button, new() { Name = "Resubmit", Exact = true }).ClickAsync();
        await Expect(memo.GetByText("Resubmitted, waiting for review")).ToBeVisibleAsync();

        // --- Trainer approves both: project 1 is approved and project 2 unlocks.
        await Review(trainer, "Findings memo", approve: true, feedback: "Clear and honest about the caveats.");
        await Review(trainer, "SQL repository", approve: true, feedback: null);

        await student.GotoAsync("/dashboard");
        await Expect(Heading(student, "Data Professional")).ToBeVisibleAsync();
        var projects = student.Locator("ol.project-list > li");
        await Expect(projects.Nth(0)).ToContainTextAsync("Approved");
        await Expect(projects.Nth(1)).ToContainTextAsync("In progress");
        await Expect(projects.Nth(2)).ToContainTextAsync("Locked");
        await Shot(student, "student-dashboard-project-2-unlocked");

        // --- Project 2: upload the notebook (a file deliverable) with progress.
        await projects.Nth(1).GetByRole(AriaRole.Link).ClickAsync();
        await student.WaitForPageAsync("**/projects/*");
        await Expect(student.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Cleaning messy data");
        var notebook = Deliverable(student, "Cleaning notebook");
        var notebookBytes = Notebook(sizeBytes: 3 * 1024 * 1024);
        await notebook.GetByLabel("File to upload").SetInputFilesAsync(new FilePayload
        {
            Name = "cleaning.ipynb", MimeType = "application/x-ipynb+json", Buffer = notebookBytes,
        });
        await notebook.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(notebook.GetByText("Waiting for review")).ToBeVisibleAsync();
        await Shot(student, "student-project-2");

        // --- Trainer downloads the file exactly as uploaded.
        await OpenReview(trainer, "Cleaning notebook");
        var download = await trainer.RunAndWaitForDownloadAsync(() =>
            trainer.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true }).ClickAsync());
        Assert.Equal("cleaning.ipynb", download.SuggestedFilename);
        var saved = await download.PathAsync();
        Assert.Equal(notebookBytes, await File.ReadAllBytesAsync(saved));

        // --- The rest of project 2 through the api (the browser part of it is above).
        using var studentApi = await app.LogInAsync(studentEmail, studentPassword);
        using var trainerApi = await app.LogInAsync(trainerEmail, trainerPassword);
        await HandInAsync(studentApi, "Project repository", new { url = $"https://github.com/sam-student/cleaning-{run}" });
        await HandInAsync(studentApi, "Cleaning decisions", new { text = "Dropped 12 duplicate rows; imputed 3 dates." });
        foreach (var title in new[] { "Cleaning notebook", "Project repository", "Cleaning decisions" })
            await ApproveAsync(studentApi, trainerApi, title);

        // --- Project 3 in the browser: the export as a PNG, a revision, a PDF, approval through the rubric.
        await student.GotoAsync("/dashboard");
        await Expect(student.Locator("ol.project-list > li").Nth(2)).ToContainTextAsync("In progress");
        await student.Locator("ol.project-list > li").Nth(2).GetByRole(AriaRole.Link).ClickAsync();
        await student.WaitForPageAsync("**/projects/*");
        var export = Deliverable(student, "Dashboard export");
        await Expect(export.GetByText("Accepted files: .pdf or .png.")).ToBeVisibleAsync();
        await export.GetByLabel("File to upload").SetInputFilesAsync(new FilePayload { Name = "dashboard.png", MimeType = "image/png", Buffer = OnePixelPng });
        await export.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(export.GetByText("Waiting for review")).ToBeVisibleAsync();
        await Expect(export.GetByText("dashboard.png")).ToBeVisibleAsync();

        await OpenReview(trainer, "Dashboard export");
        var image = trainer.Locator("img.preview-image");
        await Expect(image).ToBeVisibleAsync();
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 1);
        await Axe(trainer, "trainer");
        await Shot(trainer, "trainer-review-png-inline");
        await trainer.GetByLabel("Feedback for the student").FillAsync("Export it as a PDF with the filters visible.");
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Request revision", Exact = true }).ClickAsync();
        await trainer.WaitForPageAsync(url => new Uri(url).AbsolutePath == "/staff/reviews");

        await student.ReloadAsync();
        export = Deliverable(student, "Dashboard export");
        await Expect(export.GetByText("Revision requested")).ToBeVisibleAsync();
        // The student sees the checklist as the trainer ticked it.
        await Expect(export.GetByText("Your trainer's checklist for this attempt")).ToBeVisibleAsync();
        await Expect(export.GetByText("(not met)")).ToHaveCountAsync(1);

        // --- An admin, on a phone, edits the deliverable: one more checklist item, and PNG no longer accepted.
        var curator = await app.NewPageAsync(width: 375, height: 812);
        await LogIn(curator, app.AdminEmail, app.AdminPassword, home: "/staff/users");
        await FollowLink(curator, "Curriculum", "/staff/tracks", "Curriculum");
        await Axe(curator, "admin");
        await curator.GetByRole(AriaRole.Link, new() { Name = "Data Professional", Exact = true }).ClickAsync();
        await Expect(Heading(curator, "Data Professional: checklists and file types")).ToBeVisibleAsync();
        var exportEditor = Deliverable(curator, "Dashboard export");
        await exportEditor.GetByLabel("New checklist item").FillAsync("The filters in use are visible");
        await exportEditor.GetByRole(AriaRole.Button, new() { Name = "Add item", Exact = true }).ClickAsync();
        await Expect(exportEditor.GetByLabel("Checklist item 2", new() { Exact = true })).ToHaveValueAsync("The filters in use are visible");
        await exportEditor.GetByLabel(".png", new() { Exact = true }).UncheckAsync();
        await exportEditor.GetByRole(AriaRole.Button, new() { Name = "Save checklist and file types", Exact = true }).ClickAsync();
        await Expect(exportEditor.GetByText("Saved.", new() { Exact = true })).ToBeVisibleAsync();
        await Axe(curator, "admin");
        await NoHorizontalScroll(curator);
        await Shot(curator, "admin-curriculum-375");
        // The saved checklist is what the page shows after a reload.
        await curator.ReloadAsync();
        exportEditor = Deliverable(curator, "Dashboard export");
        await Expect(exportEditor.GetByLabel("Checklist item 2", new() { Exact = true })).ToHaveValueAsync("The filters in use are visible");
        await Expect(exportEditor.GetByLabel(".png", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Expect(exportEditor.GetByLabel(".pdf", new() { Exact = true })).ToBeCheckedAsync();

        // The student sees both changes; a PNG is refused now.
        await student.ReloadAsync();
        export = Deliverable(student, "Dashboard export");
        await Expect(export.GetByText("Accepted files: .pdf.")).ToBeVisibleAsync();
        await Expect(export.GetByText("The filters in use are visible")).ToBeVisibleAsync();
        await export.GetByLabel("File to upload").SetInputFilesAsync(new FilePayload { Name = "dashboard-again.png", MimeType = "image/png", Buffer = OnePixelPng });
        await export.GetByRole(AriaRole.Button, new() { Name = "Resubmit", Exact = true }).ClickAsync();
        await Expect(export.GetByText("This deliverable accepts .pdf files.")).ToBeVisibleAsync();
        await Expect(export.GetByText("Revision requested")).ToBeVisibleAsync();
        await export.GetByLabel("File to upload").SetInputFilesAsync(new FilePayload { Name = "dashboard.pdf", MimeType = "application/pdf", Buffer = SmallPdf });
        await export.GetByRole(AriaRole.Button, new() { Name = "Resubmit", Exact = true }).ClickAsync();
        await Expect(export.GetByText("Resubmitted, waiting for review")).ToBeVisibleAsync();
        await Shot(student, "student-project-3");

        await OpenReview(trainer, "Dashboard export");
        var pdf = trainer.Locator("object.preview-pdf");
        await Expect(pdf).ToHaveAttributeAsync("type", "application/pdf");
        Assert.StartsWith("blob:", await pdf.GetAttributeAsync("data"));
        // The earlier attempt and its feedback are beside the decision.
        await Expect(trainer.GetByText("Export it as a PDF with the filters visible.").First).ToBeVisibleAsync();
        await trainer.GetByLabel("Write a message").FillAsync("Much better: the filters are clear now.");
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Send message", Exact = true }).ClickAsync();
        await Expect(trainer.Locator(".thread").GetByText("Much better: the filters are clear now.")).ToBeVisibleAsync();
        await Axe(trainer, "trainer");
        await Shot(trainer, "trainer-review-pdf-rubric");
        // The admin's new item is on the checklist; a tick is saved as it is clicked and kept over a reload.
        var checklist = trainer.Locator("fieldset").Filter(new() { HasText = "Checklist" }).GetByRole(AriaRole.Checkbox);
        await Expect(checklist).ToHaveCountAsync(2);
        var newItem = trainer.GetByLabel("The filters in use are visible", new() { Exact = true });
        await newItem.CheckAsync();
        await Expect(trainer.GetByText("Checklist saved.")).ToBeVisibleAsync();
        await trainer.ReloadAsync();
        await Expect(newItem).ToBeCheckedAsync();
        await Expect(checklist.Nth(0)).Not.ToBeCheckedAsync();
        // Approving without the whole checklist is refused; with every item ticked it goes through.
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(trainer.GetByText("Tick every checklist item").First).ToBeVisibleAsync();
        for (var i = 0; i < await checklist.CountAsync(); i++) await checklist.Nth(i).CheckAsync();
        var reviewPath = new Uri(trainer.Url).AbsolutePath;
        await trainer.GetByRole(AriaRole.Button, new() { Name = "Approve & next", Exact = true }).ClickAsync();
        // Nothing else waits: "next" is the empty queue.
        await trainer.WaitForPageAsync(url => new Uri(url).AbsolutePath != reviewPath);
        await Expect(trainer.GetByText("Nothing is waiting for review.")).ToBeVisibleAsync();

        // The student's thread shows the trainer's message.
        await student.GotoAsync("/submissions");
        await Expect(Heading(student, "Your submissions")).ToBeVisibleAsync();
        await Axe(student, "student");
        await student.GetByRole(AriaRole.Link, new() { Name = "Dashboard export", Exact = true }).ClickAsync();
        await student.WaitForPageAsync("**/submissions/*");
        await Expect(student.GetByText("Much better: the filters are clear now.")).ToBeVisibleAsync();
        await Expect(student.GetByText("Attempt 1").First).ToBeVisibleAsync();
        await Axe(student, "student");
        await Shot(student, "student-submission-thread");

        // The last two deliverables through the api: the track is complete.
        await HandInAsync(studentApi, "Published dashboard", new { url = $"https://example.com/dashboards/{run}" });
        await HandInAsync(studentApi, "Stakeholder narrative", new { text = "Q4 drives revenue; keep the top decile happy." });
        await ApproveAsync(studentApi, trainerApi, "Published dashboard");
        await ApproveAsync(studentApi, trainerApi, "Stakeholder narrative");

        await student.GotoAsync("/dashboard");
        await Expect(student.GetByText("You completed Data Professional")).ToBeVisibleAsync();
        await Axe(student, "student");
        await Shot(student, "student-dashboard-completed");
        await student.GetByRole(AriaRole.Link, new() { Name = "View your certificate" }).ClickAsync();
        await student.WaitForPageAsync("**/certificates/*");
        var certificateUrl = new Uri(student.Url).AbsolutePath;
        await Expect(student.Locator(".certificate .name").First).ToHaveTextAsync("Sam Student");
        // A logged-out visitor can open and verify it.
        await visitor.GotoAsync(certificateUrl);
        await Expect(visitor.GetByText("Verified")).ToBeVisibleAsync();
        await Expect(visitor.Locator(".certificate .name").First).ToHaveTextAsync("Sam Student");
        await Expect(visitor.Locator(".certificate .name").Nth(1)).ToHaveTextAsync("Data Professional");
        await Expect(visitor.Locator(".certificate .code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^APN-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        await Axe(visitor, "visitor");
        await Shot(visitor, "public-certificate");
        var pdfResponse = await visitor.APIRequest.GetAsync(await visitor.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" }).GetAttributeAsync("href") ?? "");
        Assert.Equal("application/pdf", pdfResponse.Headers["content-type"]);

        // The trainer's remaining pages.
        await trainer.GotoAsync("/notifications");
        await Expect(Heading(trainer, "Notifications")).ToBeVisibleAsync();
        await Expect(trainer.GetByText("New submission:").First).ToBeVisibleAsync();
        await Axe(trainer, "trainer");

        // --- Admin: the payment in the ledger and the audit trail.
        var admin = await app.NewPageAsync(width: 1280, height: 900);
        await LogIn(admin, app.AdminEmail, app.AdminPassword, home: "/staff/users");
        await Expect(Heading(admin, "Users")).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = studentEmail, Exact = true })).ToBeVisibleAsync();
        await Axe(admin, "admin");
        await Shot(admin, "admin-users");
        await FollowLink(admin, "Unassigned", "/staff/unassigned", "Students without a trainer");
        await Axe(admin, "admin");
        // The users table has a row with the student's email too: be on the payments page first.
        await FollowLink(admin, "Payments", "/staff/payments", "Payments");
        var payment = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = studentEmail });
        await Expect(payment).ToContainTextAsync("paid");
        await Expect(payment).ToContainTextAsync("$499");
        await Expect(admin.GetByText("net received").First).ToBeVisibleAsync();
        await Axe(admin, "admin");
        await Shot(admin, "admin-payments");
        await FollowLink(admin, "Audit log", "/staff/audit", "Audit log");
        await Expect(admin.GetByText("payment.paid").First).ToBeVisibleAsync();
        await Expect(admin.GetByText("enrollment.enrolled").First).ToBeVisibleAsync();
        await Expect(admin.GetByText("project.approved").First).ToBeVisibleAsync();
        await Axe(admin, "admin");
        await Shot(admin, "admin-audit");

        // --- Logging out ends the session (a reload does not bring it back).
        await student.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await student.WaitForPageAsync("**/login?loggedOut=1");
        await student.GotoAsync("/dashboard");
        await student.WaitForPageAsync("**/login?next=*");

        foreach (var page in new[] { visitor, student, trainer, admin, curator })
            await page.Context.CloseAsync();
        await RestoreDashboardExportAsync();
    }

    private static ILocator Deliverable(IPage page, string title) =>
        page.Locator("section.card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = title }) });

    /// <summary>The page's main heading with exactly this text.</summary>
    private static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    /// <summary>
    /// Clicks a link and waits until the new page is the one shown: its URL, then its main
    /// heading. Until then the previous page is still on screen, and a locator can find its
    /// elements instead (a name that also stands in a link of the old page).
    /// </summary>
    private static async Task FollowLink(IPage page, string link, string path, string heading)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await page.WaitForPageAsync(url => new Uri(url).PathAndQuery == path);
        await Expect(Heading(page, heading)).ToBeVisibleAsync();
    }

    /// <summary>Opens an emailed password link and sets the password; that logs the person in and shows their home page.</summary>
    private static async Task SetPassword(IPage page, string link, string password, string home)
    {
        await page.GotoAsync(link);
        await Expect(Heading(page, "Choose your password")).ToBeVisibleAsync();
        await Axe(page, "visitor");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Repeat the new password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password", Exact = true }).ClickAsync();
        await page.WaitForPageAsync(url => new Uri(url).AbsolutePath == home);
    }

    private static Task Axe(IPage page, string role) => AxeAudit.AssertNoSeriousViolationsAsync(page, role);

    /// <summary>
    /// Puts the seeded "Dashboard export" back as the seed has it (the admin changed it above):
    /// the other tests of the collection share this app and its curriculum.
    /// </summary>
    private async Task RestoreDashboardExportAsync()
    {
        using var adminApi = await app.LogInAsync(app.AdminEmail, app.AdminPassword);
        var track = await adminApi.GetFromJsonAsync<JsonElement>("/api/tracks/DP");
        foreach (var project in track.GetProperty("projects").EnumerateArray())
            foreach (var deliverable in project.GetProperty("deliverables").EnumerateArray().Where(d => d.GetProperty("title").GetString() == "Dashboard export"))
            {
                var response = await adminApi.PutAsJsonAsync(
                    $"/api/admin/tracks/DP/projects/{project.GetProperty("id").GetString()}/deliverables/{deliverable.GetProperty("id").GetString()}",
                    new
                    {
                        title = "Dashboard export", instructions = deliverable.GetProperty("instructions").GetString(), kind = "file",
                        acceptedFileTypes = new[] { ".pdf", ".png" }, rubric = new[] { "The main page is readable: axes and units labelled" },
                    });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
    }

    /// <summary>The page is no wider than the window: nothing needs sideways scrolling.</summary>
    private static async Task NoHorizontalScroll(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the {page.ViewportSize?.Width}px window");
    }

    /// <summary>The student hands in a deliverable of their current track through the api.</summary>
    private static async Task HandInAsync(HttpClient student, string deliverable, object content)
    {
        var learning = await student.GetFromJsonAsync<JsonElement>("/api/learning");
        var id = Deliverables(learning).Single(d => d.GetProperty("title").GetString() == deliverable).GetProperty("id").GetString();
        var body = JsonSerializer.SerializeToElement(content).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.ToString());
        body["deliverableId"] = id;
        var response = await student.PostAsJsonAsync("/api/submissions", body);
        Assert.True(response.IsSuccessStatusCode, $"{deliverable}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The trainer approves a deliverable's submission through the api, every rubric item ticked.</summary>
    private static async Task ApproveAsync(HttpClient student, HttpClient trainer, string deliverable)
    {
        var learning = await student.GetFromJsonAsync<JsonElement>("/api/learning");
        var found = Deliverables(learning).Single(d => d.GetProperty("title").GetString() == deliverable);
        var submissionId = found.GetProperty("submission").GetProperty("id").GetString();
        var rubricMet = Enumerable.Range(0, found.GetProperty("rubric").GetArrayLength()).ToArray();
        var response = await trainer.PostAsJsonAsync($"/api/trainers/submissions/{submissionId}/approve", new { rubricMet });
        Assert.True(response.IsSuccessStatusCode, $"{deliverable}: {await response.Content.ReadAsStringAsync()}");
    }

    private static IEnumerable<JsonElement> Deliverables(JsonElement learning) =>
        learning.GetProperty("projects").EnumerateArray().SelectMany(p => p.GetProperty("deliverables").EnumerateArray());

    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly byte[] SmallPdf = Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>Logs in on the log-in page and waits for the role's home page.</summary>
    private static async Task LogIn(IPage page, string email, string password, string home)
    {
        if (!page.Url.Contains("/login", StringComparison.Ordinal)) await page.GotoAsync("/login");
        await Expect(Heading(page, "Log in")).ToBeVisibleAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForPageAsync(url => new Uri(url).AbsolutePath == home);
    }

    /// <summary>Opens a submission from a fresh review queue.</summary>
    private static async Task OpenReview(IPage trainer, string deliverable)
    {
        await trainer.GotoAsync("/staff/reviews");
        await Expect(Heading(trainer, "Review queue")).ToBeVisibleAsync();
        await trainer.GetByRole(AriaRole.Link, new() { Name = $"Review {deliverable} by Sam Student", Exact = true }).ClickAsync();
        await trainer.WaitForPageAsync("**/staff/reviews/*");
        await Expect(trainer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(deliverable);
    }

    private static async Task Review(IPage trainer, string deliverable, bool approve, string? feedback)
    {
        await OpenReview(trainer, deliverable);
        if (feedback is not null) await trainer.GetByLabel("Feedback for the student").FillAsync(feedback);
        if (approve)
        {
            var checklist = trainer.Locator("fieldset").Filter(new() { HasText = "Checklist" }).GetByRole(AriaRole.Checkbox);
            for (var i = 0; i < await checklist.CountAsync(); i++) await checklist.Nth(i).CheckAsync();
        }
        await trainer.GetByRole(AriaRole.Button, new() { Name = approve ? "Approve" : "Request revision", Exact = true }).ClickAsync();
        // The decision is stored before the page goes back to the queue.
        await trainer.WaitForPageAsync(url => new Uri(url).AbsolutePath == "/staff/reviews");
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>A valid notebook padded to a size where upload progress is visible.</summary>
    private static byte[] Notebook(int sizeBytes)
    {
        var padding = new string('#', Math.Max(0, sizeBytes - 200));
        var json = $$"""{"cells":[{"cell_type":"markdown","metadata":{},"source":["{{padding}}"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}""";
        return Encoding.UTF8.GetBytes(json);
    }
}
