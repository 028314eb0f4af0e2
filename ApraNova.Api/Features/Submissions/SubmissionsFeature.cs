namespace ApraNova.Api.Features.Submissions;

/// <summary>
/// Submissions: a student's hand-in for a deliverable, its review state, and the review decision
/// itself (<see cref="ReviewService"/>, called from the trainers' workspace), under <c>/api/submissions</c>.
/// </summary>
public static class SubmissionsFeature
{
    public static IHostApplicationBuilder AddSubmissions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReviewService>();
        builder.Services.AddOptions<GitHubOptions>().BindConfiguration(GitHubOptions.Section);
        builder.Services.AddHttpClient(GitHubReadme.HttpClientName);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<GitHubReadme>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/submissions").WithTags("Submissions").RequireAuthorization()
            .MapSubmissionEndpoints()
            .MapSubmissionWorkEndpoints();
        return routes;
    }
}
