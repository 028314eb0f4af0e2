"use client";

import { useState } from "react";
import { Pager } from "@/components/Pager";
import { ADMIN, RequireRole } from "@/components/RequireRole";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { buildUrl } from "@/lib/api";
import { formatDate, totalOf, type AuditEntry, type Paged } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function AuditPage() {
  return (
    <RequireRole roles={ADMIN}>
      <h1>Audit log</h1>
      <AuditLog />
    </RequireRole>
  );
}

function AuditLog() {
  const [action, setAction] = useState("");
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiData<Paged<AuditEntry>>(buildUrl("/api/admin/audit", { action, page }));

  function onFilter(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAction(String(new FormData(event.currentTarget).get("action") ?? "").trim());
    setPage(1);
  }

  return (
    <>
      <form className="toolbar" onSubmit={onFilter} role="search">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" name="action" defaultValue={action} placeholder="e.g. enrollment.created" />
        </div>
        <button type="submit">Filter</button>
      </form>
      {loading && !data ? <Loading /> : null}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data && data.items.length === 0 ? <Empty>No audit entries.</Empty> : null}
      {data && data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDate(entry.occurredAt)}</td>
                  <td>{entry.actorEmail ?? (entry.actorId ? entry.actorId : "system")}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.subjectType} <span className="muted">{entry.subjectId}</span>
                  </td>
                  <td>
                    <details>
                      <summary>Details</summary>
                      <pre className="deliverable">{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={totalOf(data)} onPage={setPage} /> : null}
    </>
  );
}
