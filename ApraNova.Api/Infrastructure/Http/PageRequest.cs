using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// The api's one paging contract for list endpoints: <c>?page=</c> counts from 1 and
/// <c>?pageSize=</c> is 1 to <see cref="MaxPageSize"/> (default <see cref="DefaultPageSize"/>).
/// Out-of-range values are REJECTED with a 400 validation problem (the built-in validation runs
/// the attributes below), never clamped: a client asking for 500 rows learns the limit instead
/// of silently getting fewer. Bind it with <c>[AsParameters] PageRequest paging</c>; answer with
/// <see cref="Paged{T}"/>.
/// </summary>
/// <remarks>
/// The attributes target the properties (<c>property:</c>), not the constructor parameters:
/// OpenAPI generation fails on validation attributes on the constructor parameters of an
/// <c>[AsParameters]</c> record (dotnet/aspnetcore#65348); the validation reads them either way.
/// </remarks>
public sealed record PageRequest(
    [property: Range(1, int.MaxValue, ErrorMessage = "Pages start at 1.")] int Page = 1,
    [property: Range(1, PageRequest.MaxPageSize, ErrorMessage = "The page size is 1 to 100.")] int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    /// <summary>This page of an ordered query, with the total count of the query.</summary>
    public async Task<Paged<T>> ReadAsync<T>(IQueryable<T> ordered, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        // Page × size can pass int.MaxValue (page 2^31-1 of 100): such a page lies past every row.
        var offset = (long)(Page - 1) * PageSize;
        var items = offset >= total ? [] : await ordered.Skip((int)offset).Take(PageSize).ToListAsync(cancellationToken);
        return new Paged<T>(items, Page, PageSize, total);
    }
}
