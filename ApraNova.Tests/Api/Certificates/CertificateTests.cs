using System.Net;
using System.Net.Http.Json;
using ApraNova.Api.Features.Certificates;
using ApraNova.Api.Features.Submissions;
using ApraNova.Api.Features.Tracks;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Certificates;

[Collection(ApiCollection.Name)]
public sealed class CertificateTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Fact]
    public async Task Approving_the_last_project_issues_one_public_verifiable_certificate_with_a_pdf()
    {
        var track = await driver.CreateTrackAsync((0, [DeliverableKind.Text]), (0, [DeliverableKind.Text]));
        var (trainer, _) = await driver.AddTrainerAsync(track.Code);
        var (student, _, _) = await driver.EnrolledStudentAsync(track.Code);

        var first = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[0].Deliverables[0].Id, text = "Part one" }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{first.Id}/approve", new { }));
        // Not yet: one project is still open.
        Assert.Empty(await Read<List<CertificateView>>(HttpStatusCode.OK, await student.GetAsync("/api/certificates/mine")));

        var last = await Read<SubmissionView>(HttpStatusCode.Created, await student.PostAsJsonAsync("/api/submissions",
            new { deliverableId = track.Projects[1].Deliverables[0].Id, text = "Part two" }));
        await Expect(HttpStatusCode.OK, await trainer.PostAsJsonAsync($"/api/trainers/submissions/{last.Id}/approve", new { }));
        var certificate = Assert.Single(await Read<List<CertificateView>>(HttpStatusCode.OK, await student.GetAsync("/api/certificates/mine")));
        Assert.Equal("Test Student", certificate.StudentName);
        Assert.Equal(track.Name, certificate.TrackName);
        Assert.Matches("^APN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", certificate.VerificationCode);
        Assert.Equal($"http://localhost:3000/certificates/{certificate.Id}", certificate.VerifyUrl);

        // Anyone, logged out, can open it, find it by its code (however typed) and get the PDF.
        var visitor = api.CreateApiClient();
        var shown = await Read<CertificateView>(HttpStatusCode.OK, await visitor.GetAsync($"/api/certificates/{certificate.Id}"));
        Assert.Equal(certificate.VerificationCode, shown.VerificationCode);
        var verified = await Read<CertificateView>(HttpStatusCode.OK, await visitor.GetAsync($"/api/certificates/verify/{certificate.VerificationCode.ToLowerInvariant()}%20"));
        Assert.Equal(certificate.Id, verified.Id);
        var pdf = await visitor.GetAsync($"/api/certificates/{certificate.Id}/pdf");
        await Expect(HttpStatusCode.OK, pdf);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.True(bytes.Length > 2_000, $"a PDF with embedded fonts, got {bytes.Length} bytes");

        await ExpectProblem(HttpStatusCode.NotFound, await visitor.GetAsync($"/api/certificates/{Guid.NewGuid()}"));
        await ExpectProblem(HttpStatusCode.NotFound, await visitor.GetAsync("/api/certificates/verify/APN-2222-2222"));
        await Expect(HttpStatusCode.Unauthorized, await visitor.GetAsync("/api/certificates/mine"));
    }
}
