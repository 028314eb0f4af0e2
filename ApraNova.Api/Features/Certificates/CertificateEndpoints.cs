using System.Security.Claims;
using ApraNova.Api.Data;
using ApraNova.Api.Infrastructure;
using ApraNova.Api.Infrastructure.Http;
using ApraNova.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApraNova.Api.Features.Certificates;

/// <param name="VerifyUrl">The public page anyone can open to check it.</param>
public sealed record CertificateView(Guid Id, string StudentName, string TrackCode, string TrackName, DateTimeOffset IssuedAt,
    string VerificationCode, string VerifyUrl);

/// <summary>Certificates (mapped under <c>/api/certificates</c> by <see cref="CertificatesFeature"/>): public by id and by code, and the student's own.</summary>
internal static class CertificateEndpoints
{
    public static RouteGroupBuilder MapCertificateEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/mine", async (ClaimsPrincipal user, ApraNovaDbContext db, IOptions<AppOptions> app, CancellationToken ct) =>
            {
                var userId = user.GetUserId();
                var rows = await db.Certificates.AsNoTracking().Where(c => c.StudentId == userId).OrderByDescending(c => c.IssuedAt).ToListAsync(ct);
                return TypedResults.Ok(rows.Select(c => View(c, app.Value)).ToList());
            })
            .RequireAuthorization(AuthorizationPolicies.Student)
            .WithName("ListMyCertificates")
            .WithSummary("The caller's certificates, newest first.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<CertificateView>, ProblemHttpResult>> (Guid id, ApraNovaDbContext db, IOptions<AppOptions> app, CancellationToken ct) =>
                await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } found
                    ? TypedResults.Ok(View(found, app.Value))
                    : NoSuchCertificate())
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCertificate")
            .WithSummary("A certificate, public: the student's name, the track, the date and the verification code.");

        group.MapGet("/{id:guid}/pdf", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, ApraNovaDbContext db, IOptions<AppOptions> app, HttpContext http, CancellationToken ct) =>
            {
                var found = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
                if (found is null)
                    return NoSuchCertificate();
                var view = View(found, app.Value);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentDisposition = $"inline; filename=\"ApraNova-certificate-{view.VerificationCode}.pdf\"";
                return TypedResults.File(CertificatePdf.Render(view), "application/pdf");
            })
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCertificatePdf")
            .WithSummary("The certificate as a PDF, public.");

        group.MapGet("/verify/{code}", async Task<Results<Ok<CertificateView>, ProblemHttpResult>> (string code, ApraNovaDbContext db, IOptions<AppOptions> app, CancellationToken ct) =>
            {
                var normalized = CertificateCodes.Normalize(code);
                return await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.VerificationCode == normalized, ct) is { } found
                    ? TypedResults.Ok(View(found, app.Value))
                    : Problems.NotFound("No certificate has this verification code.");
            })
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("VerifyCertificate")
            .WithSummary("Finds a certificate by the verification code printed on it.");
        return group;
    }

    private static ProblemHttpResult NoSuchCertificate() => Problems.NotFound("There is no such certificate.");

    private static CertificateView View(Certificate c, AppOptions app) =>
        new(c.Id, c.StudentName, c.TrackCode, c.TrackName, c.IssuedAt, c.VerificationCode, $"{app.PublicUrl.TrimEnd('/')}/certificates/{c.Id}");
}
