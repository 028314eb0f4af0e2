"use client";

import { useState } from "react";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { STAFF } from "@/lib/roles";
import type { AuditPage as AuditEntries } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function AuditPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Audit log</h1>
      <AuditLog />
    </RequireRole>
  );
}

function AuditLog() {
  const [action, setAction] = useState("");
  const [page, setPage] = useState(1);
  const entries = useApiData<AuditEntries>(buildUrl(apiRoutes.admin.audit, { action, page }));

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
      <Loaded state={entries}>
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <Empty>No audit entries.</Empty>
            ) : (
              <Table columns={["When", "Who", "Action", "Subject", "Change"]}>
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
              </Table>
            )}
            <Pager of={data} onPage={setPage} />
          </>
        )}
      </Loaded>
    </>
  );
}
