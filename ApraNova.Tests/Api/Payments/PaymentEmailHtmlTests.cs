using System.Net;
using ApraNova.Api.Features.Mail;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Payments;

/// <summary>
/// Receipt, refund and failed-payment emails carry their own HTML: the figures as a receipt's
/// table (amount, track, number, date) beside the text part, with every piece of data escaped.
/// </summary>
[Collection(PaymentsCollection.Name)]
public sealed class PaymentEmailHtmlTests(PaymentsFixture fixture)
{
    private const string HostileName = "Ann <script>alert(1)</script> & Co";
    private const string EscapedName = "Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co";

    [Fact]
    public async Task The_receipt_and_the_refund_emails_show_the_figures_in_a_table_with_the_buyers_name_escaped()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (student, studentId, email) = await fixture.SignUpStudentAsync();
        await using (var scope = fixture.CreateDbScope())
            await scope.Db.Users.Where(u => u.Id == studentId).ExecuteUpdateAsync(u => u.SetProperty(x => x.FullName, HostileName));
        var (url, sessionId) = await fixture.StartCheckoutAsync(student, "DP");
        await fixture.PayAsync(url, email: null);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);

        await using (var scope = fixture.CreateDbScope())
            await scope.Services.GetRequiredService<ReceiptIssuer>().IssueDueAsync(CancellationToken.None);
        Receipt receipt;
        await using (var scope = fixture.CreateDbScope())
            receipt = await scope.Db.Receipts.AsNoTracking().SingleAsync(r => r.PaymentId == payment.Id && r.Kind == ReceiptKind.Receipt);
        var mail = Assert.Single(await fixture.WaitForEmailsAsync(email, 1, receipt.Number));
        var html = mail.HtmlBody!;
        Assert.Contains($"Receipt {receipt.Number}", html);
        Assert.Contains("Receipt number", html);
        Assert.Contains("499.00 USD", html);
        Assert.Contains("Total paid", html);
        Assert.Contains("Data Professional", html);
        Assert.Contains(DocumentEmail.Date(receipt.IssuedAt), html);
        Assert.Contains("<table", html);
        Assert.Contains(EscapedName, html);
        Assert.DoesNotContain("<script>", html);
        // The text part says the same, unescaped.
        Assert.Contains("Total paid: 499.00 USD", mail.TextBody);
        Assert.Contains($"Receipt number: {receipt.Number}", mail.TextBody);
        Assert.Contains(HostileName, mail.TextBody);

        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        await Expect(HttpStatusCode.Accepted, await admin.PostAsync($"/api/admin/payments/{payment.Id}/refund", null));
        await fixture.WaitForPaymentAsync(sessionId, PaymentState.Refunded);
        var refund = Assert.Single(await fixture.WaitForEmailsAsync(email, 1, "was refunded"));
        Assert.Contains(receipt.Number, refund.HtmlBody);
        Assert.Contains("Refunded", refund.HtmlBody);
        Assert.Contains("499.00 USD", refund.HtmlBody);
        Assert.Contains("Data Professional", refund.HtmlBody);
        Assert.Contains($"Receipt number: {receipt.Number}", refund.TextBody);
    }

    [Fact]
    public async Task The_failed_payment_email_escapes_the_track_and_the_reason_and_says_nothing_was_charged()
    {
        await using var scope = fixture.CreateDbScope();
        var emails = scope.Services.GetRequiredService<PaymentEmails>();
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var message = emails.PaymentFailed("buyer@example.org", "DP", "Data <b>Pro</b>", "card \"declined\" <img src=x onerror=alert(1)>", 49900, "usd", at);

        var html = message.HtmlBody!;
        Assert.Contains("Payment not completed", html);
        Assert.Contains("499.00 USD", html);
        Assert.Contains("0.00 USD", html);
        Assert.Contains("26 November 2026", html);
        Assert.Contains("Data &lt;b&gt;Pro&lt;/b&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("/tracks/DP", html);
        Assert.Contains("Amount charged: 0.00 USD", message.TextBody);
        Assert.Contains("Data <b>Pro</b>, one-time track fee: 499.00 USD", message.TextBody);
        Assert.Contains("did not go through", message.Subject);
    }
}
