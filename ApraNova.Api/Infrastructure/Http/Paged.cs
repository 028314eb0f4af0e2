namespace ApraNova.Api.Infrastructure.Http;

/// <summary>
/// One page of a list (see <see cref="PageRequest"/> for the rules): the items, where they sit
/// (<see cref="Page"/> of size <see cref="PageSize"/>) and how many there are in all.
/// </summary>
public record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>The same page with its items turned into another shape (after the query ran).</summary>
    public Paged<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Page, PageSize, Total);
}
