/** A page of a staff list as the api answers it (it names the count `total` or `totalCount`). */
export interface ListPage {
  items: unknown[];
  page: number;
  pageSize: number;
  total?: number;
  totalCount?: number;
}

export function Pager({ of: list, onPage }: { of: ListPage; onPage: (page: number) => void }) {
  const total = list.total ?? list.totalCount ?? list.items.length;
  const pages = Math.max(1, Math.ceil(total / Math.max(1, list.pageSize)));
  const page = list.page;
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="actions">
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
