using System.Net;
using ApraNova.Api.Features.Payments;
using ApraNova.Api.Features.Receipts;
using ApraNova.Api.Features.Users;
using ApraNova.Tests.Api.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf.IO;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Receipts;

/// <summary>Receipts and credit notes through the real payment flow (fake Stripe, signed webhooks).</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ReceiptTests(PaymentsFixture fixture)
{
    [Fact]
    public async Task A_paid_checkout_gets_a_receipt_emailed_and_downloadable_and_its_refund_a_credit_note()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var (student, studentId, email) = await fixture.SignUpStudentAsync();
        var (url, sessionId) = await fixture.StartCheckoutAsync(student, "DP");
        await fixture.PayAsync(url, email: null);
        var payment = await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid);

        await IssueDueAsync();
        Receipt receipt;
        await using (var scope = fixture.CreateDbScope())
            receipt = await scope.Db.Receipts.AsNoTracking().SingleAsync(r => r.PaymentId == payment.Id);
        Assert.Equal(ReceiptKind.Receipt, receipt.Kind);
        Assert.Equal((49900L, 49900L, 0L, "usd"), (receipt.TotalCents, receipt.NetCents, receipt.TaxCents, receipt.Currency));
        Assert.Equal((studentId, email, "Test Student"), (receipt.UserId!.Value, receipt.BuyerEmail, receipt.BuyerName));
        Assert.Equal("ApraNova", receipt.SellerName);
        Assert.Matches(@"^R-\d{4}-\d{6}$", receipt.Number);
        var mail = Assert.Single(await fixture.WaitForEmailsAsync(email, 1, receipt.Number));
        Assert.Contains("/payments", mail.TextBody);

        // The student's payment history lists it, and the PDF downloads.
        var history = await Read<List<PaymentHistoryItem>>(HttpStatusCode.OK, await student.GetAsync("/api/receipts"));
        var item = Assert.Single(history);
        Assert.Equal(receipt.Number, Assert.Single(item.Receipts).Number);
        await AssertPdfAsync(student, receipt.Id, $"Receipt {receipt.Number}");

        // Nobody else's; staff may.
        var (other, _, _) = await fixture.SignUpStudentAsync();
        await ExpectProblem(HttpStatusCode.NotFound, await other.GetAsync($"/api/receipts/{receipt.Id}/pdf"));
        Assert.Empty(await Read<List<PaymentHistoryItem>>(HttpStatusCode.OK, await other.GetAsync("/api/receipts")));
        var admin = await fixture.CreateClientAsAsync(Roles.Admin);
        await AssertPdfAsync(admin, receipt.Id, $"Receipt {receipt.Number}");

        // Issuing again changes nothing: one receipt per payment, one email.
        await IssueDueAsync();
        await using (var scope = fixture.CreateDbScope())
            Assert.Equal(1, await scope.Db.Receipts.CountAsync(r => r.PaymentId == payment.Id));

        // The refund (confirmed by Stripe's webhook) gets a credit note.
        await Expect(HttpStatusCode.Accepted, await admin.PostAsync($"/api/admin/payments/{payment.Id}/refund", null));
        await fixture.WaitForPaymentAsync(sessionId, PaymentState.Refunded);
        await IssueDueAsync();
        Receipt creditNote;
        await using (var scope = fixture.CreateDbScope())
            creditNote = await scope.Db.Receipts.AsNoTracking().SingleAsync(r => r.PaymentId == payment.Id && r.Kind == ReceiptKind.CreditNote);
        Assert.Matches(@"^CN-\d{4}-\d{6}$", creditNote.Number);
        Assert.True(creditNote.Sequence > receipt.Sequence);
        Assert.Equal(49900L, creditNote.TotalCents);
        await fixture.WaitForEmailsAsync(email, 1, creditNote.Number);
        history = await Read<List<PaymentHistoryItem>>(HttpStatusCode.OK, await student.GetAsync("/api/receipts"));
        Assert.Equal(PaymentState.Refunded, Assert.Single(history).State);
        Assert.Equal([ReceiptKind.Receipt, ReceiptKind.CreditNote], history[0].Receipts.Select(r => r.Kind).ToArray());
        await AssertPdfAsync(student, creditNote.Id, $"Credit note {creditNote.Number}");
    }

    [Fact]
    public async Task Two_issuers_at_once_issue_each_payment_one_receipt_and_one_email()
    {
        await fixture.AddTrainerWithFreeSeatsAsync("DP");
        var buyers = new List<(string SessionId, string Email)>();
        for (var i = 0; i < 3; i++)
        {
            var email = PaymentsFixture.NewEmail();
            var (url, sessionId) = await fixture.StartCheckoutAsync(fixture.CreateApiClient(), "DP");
            await fixture.PayAsync(url, email);
            buyers.Add((sessionId, email));
        }
        var paymentIds = new List<Guid>();
        foreach (var (sessionId, _) in buyers)
            paymentIds.Add((await fixture.WaitForPaymentAsync(sessionId, PaymentState.Paid)).Id);

        // One takes the issuing lock and issues; the other skips the pass (or, once the first has
        // committed, finds nothing due).
        for (var pass = 0; pass < 5; pass++)
        {
            await Task.WhenAll(IssueDueAsync(), IssueDueAsync());
            await using var scope = fixture.CreateDbScope();
            if (await scope.Db.Receipts.CountAsync(r => paymentIds.Contains(r.PaymentId)) == paymentIds.Count) break;
        }

        List<Receipt> receipts;
        await using (var scope = fixture.CreateDbScope())
            receipts = await scope.Db.Receipts.AsNoTracking().Where(r => paymentIds.Contains(r.PaymentId)).ToListAsync();
        Assert.Equal(paymentIds.Order(), receipts.Select(r => r.PaymentId).Order());
        Assert.Equal(3, receipts.Select(r => r.Sequence).Distinct().Count());
        foreach (var (_, email) in buyers)
        {
            var receipt = Assert.Single(receipts, r => r.BuyerEmail == email);
            Assert.NotNull(receipt.EmailedAt);
            Assert.Equal("Test Buyer", receipt.BuyerName);
            Assert.Single(await fixture.WaitForEmailsAsync(email, 1, receipt.Number));
            Assert.Single(await fixture.WaitForEmailsAsync(email, 1, "Your receipt"));
        }
    }

    [Theory]
    [InlineData(59900, 20, 49917, 9983)]
    [InlineData(49900, 0, 49900, 0)]
    [InlineData(100, 19, 84, 16)]
    public void Tax_is_split_out_of_the_tax_inclusive_price(long total, int ratePercent, long net, long tax) =>
        Assert.Equal((net, tax), ReceiptIssuer.Split(total, ratePercent));

    [Fact]
    public void The_pdf_prints_seller_tax_and_credit_note_details()
    {
        var pdf = ReceiptPdf.Render(new Receipt
        {
            Kind = ReceiptKind.CreditNote, Sequence = 42, PaymentId = Guid.NewGuid(), IssuedAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero),
            Description = "ApraNova Full-Stack Developer (FSD), one-time track fee", Currency = "eur", TotalCents = 59900, NetCents = 49917, TaxCents = 9983,
            TaxRatePercent = 20, TaxLabel = "VAT", BuyerName = "Ada Lovelace", BuyerEmail = "ada@example.org", SellerName = "ApraNova Ltd",
            SellerAddress = "1 Learning Street\nLondon", SellerTaxId = "GB123456789", SellerEmail = "billing@apranova.app",
        }, paidAt: new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), refersTo: "R-2026-000041");

        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.Equal(1, document.PageCount);
        Assert.Equal("Credit note CN-2026-000042", document.Info.Title);
        Assert.Contains("-599.00 EUR", document.Info.Subject);
    }

    private async Task IssueDueAsync()
    {
        await using var scope = fixture.CreateDbScope();
        await scope.Services.GetRequiredService<ReceiptIssuer>().IssueDueAsync(CancellationToken.None);
    }

    private static async Task AssertPdfAsync(HttpClient client, Guid receiptId, string title)
    {
        var response = await client.GetAsync($"/api/receipts/{receiptId}/pdf");
        await Expect(HttpStatusCode.OK, response);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        using var document = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(title, document.Info.Title);
    }
}
