/** A column whose header only screen readers need (a column of buttons or links). */
export interface HiddenHeader {
  hidden: string;
}

/** A table that scrolls sideways on a phone, with a header row of column names. */
export function Table({ columns, children }: { columns: readonly (string | HiddenHeader)[]; children: React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.hidden} scope="col">
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
