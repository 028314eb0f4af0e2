"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded, Loading } from "@/components/Status";
import { Table } from "@/components/Table";
import { buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { STAFF } from "@/lib/roles";
import type { AuditEntryDto, AuditPage as AuditEntries } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function AuditPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Audit log</h1>
      <Suspense fallback={<Loading />}>
        <AuditLog />
      </Suspense>
    </RequireRole>
  );
}

interface AuditFilter {
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** "payment.refund_requested" → "payment › refund requested": readable in the list (the table shows the code itself). */
function actionLabel(action: string): string {
  const [area, ...rest] = action.split(".");
  return rest.length ? `${area} › ${rest.join(".").replaceAll("_", " ")}` : action;
}

function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

function AuditLog() {
  const params = useSearchParams();
  const [filter, setFilter] = useState<AuditFilter>({ actor: params.get("actor") ?? "", action: "", from: "", to: "" });
  const [page, setPage] = useState(1);
  const actions = useApiData<string[]>(apiRoutes.admin.auditActions);
  const entries = useApiData<AuditEntries>(
    buildUrl(apiRoutes.admin.audit, { actor: filter.actor, action: filter.action, from: dayBound(filter.from, false), to: dayBound(filter.to, true), page }),
  );

  function onFilter(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: keyof AuditFilter) => String(form.get(name) ?? "").trim();
    setFilter({ actor: value("actor"), action: value("action"), from: value("from"), to: value("to") });
    setPage(1);
  }

  return (
    <>
      <form className="toolbar" onSubmit={onFilter} role="search">
        <div className="field">
          <label htmlFor="audit-actor">Who (email or name)</label>
          <input id="audit-actor" name="actor" type="search" defaultValue={filter.actor} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={filter.action}>
            <option value="">Any</option>
            {(actions.data ?? []).map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <Loaded state={entries}>
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <Empty>No audit entries match.</Empty>
            ) : (
              <Table columns={["When", "Who", "Action", "Subject", "Change"]}>
                {data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td data-label="When">{formatDate(entry.occurredAt)}</td>
                    <td data-label="Who">
                      <Actor entry={entry} />
                    </td>
                    <td data-label="Action">
                      <code>{entry.action}</code>
                    </td>
                    <td data-label="Subject">
                      <Subject entry={entry} />
                    </td>
                    <td data-label="Change">
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

function Actor({ entry }: { entry: AuditEntryDto }) {
  if (!entry.actorId) return <span className="muted">system</span>;
  return (
    <>
      <Link href={`/staff/users/${entry.actorId}`}>{entry.actorName || entry.actorEmail || entry.actorId}</Link>
      {entry.actorName && entry.actorEmail ? (
        <>
          <br />
          <span className="muted">{entry.actorEmail}</span>
        </>
      ) : null}
    </>
  );
}

function Subject({ entry }: { entry: AuditEntryDto }) {
  const label = entry.subjectLabel ?? `${entry.subjectType} ${entry.subjectId}`;
  const type = entry.subjectType.toLowerCase();
  const href =
    type === "ticket" ? `/staff/support/${entry.subjectId}` : entry.subjectUserId ? `/staff/users/${entry.subjectUserId}` : null;
  return (
    <>
      <span className="muted">{entry.subjectType}</span>
      <br />
      {href ? <Link href={href}>{label}</Link> : label}
    </>
  );
}
