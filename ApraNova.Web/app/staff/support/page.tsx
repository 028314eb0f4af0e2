"use client";

import Link from "next/link";
import { useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { CATEGORY_LABEL, TICKET_CATEGORIES, TICKET_STATES, TicketStateBadge } from "@/components/support/TicketLabels";
import { Table } from "@/components/Table";
import { buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { hasRole, STAFF, TRAINER_OR_STAFF } from "@/lib/roles";
import type { SupportAssignee, TicketPage, TicketSummary } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function SupportQueuePage() {
  const auth = useAuth();
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <h1>Support</h1>
      {hasRole(auth.user, STAFF) ? <StaffQueue /> : <TrainerTickets />}
    </RequireRole>
  );
}

interface QueueFilter {
  state: string;
  assignee: string;
  category: string;
  minAgeHours: string;
  search: string;
}

const AGES = [
  { value: "", label: "Any age" },
  { value: "4", label: "Older than 4 h" },
  { value: "24", label: "Older than 1 day" },
  { value: "72", label: "Older than 3 days" },
  { value: "168", label: "Older than a week" },
];

/** Staff: the whole queue, oldest first, with filters. */
function StaffQueue() {
  const [filter, setFilter] = useState<QueueFilter>({ state: "open", assignee: "", category: "", minAgeHours: "", search: "" });
  const [page, setPage] = useState(1);
  const tickets = useApiData<TicketPage>(buildUrl(apiRoutes.admin.supportQueue, { ...filter, page }));
  const assignees = useApiData<SupportAssignee[]>(apiRoutes.admin.supportAssignees);

  function onFilter(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: keyof QueueFilter) => String(form.get(name) ?? "").trim();
    setFilter({ state: value("state"), assignee: value("assignee"), category: value("category"), minAgeHours: value("minAgeHours"), search: value("search") });
    setPage(1);
  }

  return (
    <>
      <form className="toolbar" onSubmit={onFilter} role="search">
        <div className="field">
          <label htmlFor="q-state">State</label>
          <select id="q-state" name="state" defaultValue={filter.state}>
            <option value="">Any</option>
            {TICKET_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-assignee">Assignee</label>
          <select id="q-assignee" name="assignee" defaultValue={filter.assignee}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Nobody</option>
            {(assignees.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.fullName || a.email}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-category">Category</label>
          <select id="q-category" name="category" defaultValue={filter.category}>
            <option value="">Any</option>
            {TICKET_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-age">Age</label>
          <select id="q-age" name="minAgeHours" defaultValue={filter.minAgeHours}>
            {AGES.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q-search">Subject or student</label>
          <input id="q-search" name="search" type="search" defaultValue={filter.search} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <TicketTable state={tickets} onPage={setPage} />
    </>
  );
}

/** Trainers: the tickets of their own students. */
function TrainerTickets() {
  const [state, setState] = useState("");
  const [page, setPage] = useState(1);
  const tickets = useApiData<TicketPage>(buildUrl(apiRoutes.support.tickets, { state, page }));
  return (
    <>
      <p className="muted">Tickets opened by your students.</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="t-state">State</label>
          <select
            id="t-state"
            value={state}
            onChange={(e) => {
              setState(e.currentTarget.value);
              setPage(1);
            }}
          >
            <option value="">Any</option>
            {TICKET_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TicketTable state={tickets} onPage={setPage} />
    </>
  );
}

function TicketTable({ state, onPage }: { state: ReturnType<typeof useApiData<TicketPage>>; onPage: (page: number) => void }) {
  return (
    <Loaded state={state}>
      {(data) => (
        <>
          {data.items.length === 0 ? (
            <Empty>No tickets match.</Empty>
          ) : (
            <Table columns={["Subject", "Student", "State", "Assignee", "Opened", "Last activity"]}>
              {data.items.map((t: TicketSummary) => (
                <tr key={t.id}>
                  <td data-label="Subject">
                    <Link href={`/staff/support/${t.id}`}>{t.subject}</Link>
                    <br />
                    <span className="muted">
                      {CATEGORY_LABEL[t.category]} · {t.messageCount} message{t.messageCount === 1 ? "" : "s"}
                    </span>
                  </td>
                  <td data-label="Student">
                    {t.studentName}
                    <br />
                    <span className="muted">{t.studentEmail}</span>
                  </td>
                  <td data-label="State">
                    <TicketStateBadge state={t.state} />
                  </td>
                  <td data-label="Assignee">{t.assigneeName ?? <span className="muted">nobody</span>}</td>
                  <td data-label="Opened">{formatDate(t.createdAt)}</td>
                  <td data-label="Last activity">{formatDate(t.updatedAt)}</td>
                </tr>
              ))}
            </Table>
          )}
          <Pager of={data} onPage={onPage} />
        </>
      )}
    </Loaded>
  );
}
