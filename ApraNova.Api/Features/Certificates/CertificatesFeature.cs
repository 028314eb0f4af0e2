namespace ApraNova.Api.Features.Certificates;

/// <summary>
/// Certificates: issued by the review that approves a student's last project
/// (<see cref="Submissions.ReviewService"/>), public and verifiable under <c>/api/certificates</c>,
/// with a PDF (<see cref="CertificatePdf"/>).
/// </summary>
public static class CertificatesFeature
{
    public static IHostApplicationBuilder AddCertificates(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/certificates").WithTags("Certificates")
            .MapCertificateEndpoints();
        return routes;
    }
}
