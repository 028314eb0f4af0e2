using System.Net;
using System.Text.Json;
using ApraNova.Api.Features.Users;
using ApraNova.Api.Infrastructure.Http;
using static ApraNova.Tests.Api.ApiAssert;

namespace ApraNova.Tests.Api;

/// <summary>
/// Every paged list speaks the same contract (<see cref="PageRequest"/> in, <see cref="Paged{T}"/>
/// out): pages from 1, sizes 1 to 100, default 50, and values out of range are rejected, not clamped.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PagingTests(ApiFactory api)
{
    public static TheoryData<string> PagedLists() => ["/api/admin/users", "/api/admin/audit", "/api/admin/enrollments", "/api/admin/payments"];

    [Theory]
    [MemberData(nameof(PagedLists))]
    public async Task Lists_answer_one_page_shape_with_the_default_size(string path)
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);

        var page = await Read<JsonElement>(HttpStatusCode.OK, await admin.GetAsync(path));
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(PageRequest.DefaultPageSize, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= page.GetProperty("items").GetArrayLength());

        var largest = await Read<JsonElement>(HttpStatusCode.OK, await admin.GetAsync($"{path}?page=2&pageSize={PageRequest.MaxPageSize}"));
        Assert.Equal((2, PageRequest.MaxPageSize), (largest.GetProperty("page").GetInt32(), largest.GetProperty("pageSize").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(PagedLists))]
    public async Task Out_of_range_pages_are_rejected_not_clamped(string path)
    {
        var admin = await api.CreateClientAsAsync(Roles.Admin);

        await ExpectFieldError("pageSize", await admin.GetAsync($"{path}?pageSize={PageRequest.MaxPageSize + 1}"));
        await ExpectFieldError("pageSize", await admin.GetAsync($"{path}?pageSize=0"));
        await ExpectFieldError("page", await admin.GetAsync($"{path}?page=0"));
        await ExpectProblem(HttpStatusCode.BadRequest, await admin.GetAsync($"{path}?page=first"));
    }
}
