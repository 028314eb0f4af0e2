using System.Net;
using ApraNova.Api.Features.Enrollments;
using ApraNova.Api.Infrastructure.Http;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api.Enrollments;

/// <summary>The enrollment list's status filter takes the values the api itself writes, and its errors name no internals.</summary>
[Collection(ApiCollection.Name)]
public sealed class EnrollmentFilterTests(ApiFactory api)
{
    private readonly LearningDriver driver = new(api);

    [Theory]
    [InlineData("active", EnrollmentStatus.Active)]
    [InlineData("pendingPayment", EnrollmentStatus.PendingPayment)]
    [InlineData("Withdrawn", EnrollmentStatus.Withdrawn)]
    public async Task The_status_filter_takes_the_api_s_own_spelling(string status, EnrollmentStatus expected)
    {
        await driver.EnrolledStudentAsync("DP");
        var admin = await driver.AdminAsync();

        var page = await Read<Paged<EnrollmentAdminView>>(HttpStatusCode.OK, await admin.GetAsync($"/api/admin/enrollments?status={status}"));

        Assert.All(page.Items, e => Assert.Equal(expected, e.Status));
        if (expected == EnrollmentStatus.Active)
            Assert.NotEmpty(page.Items);
    }

    [Fact]
    public async Task An_unknown_status_is_a_validation_problem_listing_the_values()
    {
        var admin = await driver.AdminAsync();
        var response = await admin.GetAsync("/api/admin/enrollments?status=bogus");

        var problem = await ExpectProblem(HttpStatusCode.BadRequest, response);
        var message = Assert.Single(FieldErrors(problem, "status"));
        Assert.Contains("active", message);
        Assert.DoesNotContain("EnrollmentStatus", await response.Content.ReadAsStringAsync());
    }
}
