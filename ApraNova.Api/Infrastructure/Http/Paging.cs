namespace ApraNova.Api.Infrastructure.Http;

/// <summary>Page numbers from query strings, clamped so no client can ask for a million rows.</summary>
public static class Paging
{
    public const int MaxPageSize = 100;

    public static (int Page, int PageSize) Normalize(int page, int pageSize) =>
        (Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize));
}
