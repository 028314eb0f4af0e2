"use client";

import Link from "next/link";
import { useState } from "react";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { CATEGORY_LABEL, TicketStateBadge } from "@/components/support/TicketLabels";
import { buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { STUDENT } from "@/lib/roles";
import type { TicketPage } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function MyTicketsPage() {
  return (
    <RequireRole roles={STUDENT}>
      <h1>Help</h1>
      <p className="actions">
        <Link className="button" href="/support/new">
          Ask for help
        </Link>
      </p>
      <MyTickets />
    </RequireRole>
  );
}

function MyTickets() {
  const [page, setPage] = useState(1);
  const tickets = useApiData<TicketPage>(buildUrl(apiRoutes.support.tickets, { page }));
  return (
    <Loaded state={tickets}>
      {(data) => (
        <>
          {data.items.length === 0 ? (
            <Empty>You have not asked for help yet.</Empty>
          ) : (
            <ul className="stack" aria-label="Your tickets">
              {data.items.map((t) => (
                <li key={t.id} className="card">
                  <h2 className="card-title">
                    <Link href={`/support/${t.id}`}>{t.subject}</Link>
                  </h2>
                  <p className="actions">
                    <TicketStateBadge state={t.state} />
                    <span className="muted">{CATEGORY_LABEL[t.category]}</span>
                    <span className="muted">
                      {t.messageCount} message{t.messageCount === 1 ? "" : "s"} · last activity {formatDate(t.updatedAt)}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pager of={data} onPage={setPage} />
        </>
      )}
    </Loaded>
  );
}
