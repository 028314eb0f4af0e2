"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionStatus } from "@/components/Form";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { api, buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFrom } from "@/lib/download";
import { formatDate, formatPrice } from "@/lib/format";
import { STAFF } from "@/lib/roles";
import type { PaymentLedgerPage, PaymentRow, RefundAccepted } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

const STATES = ["pending", "paid", "failed", "refunded", "abandoned"] as const;

interface LedgerFilter {
  state: string;
  email: string;
  from: string;
  to: string;
  includeAbandoned: boolean;
}

/** A yyyy-mm-dd date input as the start (or the end, inclusive) of that day in UTC. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) date.setUTCDate(date.getUTCDate() + 1);
  return end ? new Date(date.getTime() - 1).toISOString() : date.toISOString();
}

export default function PaymentsPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Payments</h1>
      <Ledger />
    </RequireRole>
  );
}

function Ledger() {
  const [filter, setFilter] = useState<LedgerFilter>({ state: "", email: "", from: "", to: "", includeAbandoned: false });
  const [page, setPage] = useState(1);
  const query = {
    state: filter.state,
    email: filter.email,
    from: dayBound(filter.from, false),
    to: dayBound(filter.to, true),
    includeAbandoned: filter.includeAbandoned ? "true" : undefined,
  };
  const ledger = useApiData<PaymentLedgerPage>(buildUrl(apiRoutes.admin.payments, { ...query, page }));
  const exporting = useAction();

  function onFilter(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    setFilter({ state: value("state"), email: value("email"), from: value("from"), to: value("to"), includeAbandoned: form.get("includeAbandoned") === "on" });
    setPage(1);
  }

  return (
    <>
      <form className="toolbar" onSubmit={onFilter} role="search">
        <div className="field">
          <label htmlFor="payment-email">Buyer email</label>
          <input id="payment-email" name="email" type="search" defaultValue={filter.email} />
        </div>
        <div className="field">
          <label htmlFor="payment-state">State</label>
          <select id="payment-state" name="state" defaultValue={filter.state}>
            <option value="">Any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="payment-from">From</label>
          <input id="payment-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="payment-to">To</label>
          <input id="payment-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <label className="choice">
          <input type="checkbox" name="includeAbandoned" defaultChecked={filter.includeAbandoned} /> Show abandoned checkouts
        </label>
        <button type="submit">Filter</button>
        <button
          type="button"
          className="secondary"
          disabled={exporting.pending}
          onClick={() => exporting.run(() => downloadFrom(buildUrl(apiRoutes.admin.paymentsExport, query), "payments.csv"))}
        >
          Export CSV
        </button>
        <ActionStatus state={exporting} />
      </form>
      <p className="muted">Checkouts not paid within 24 hours have expired at Stripe; they are hidden unless you ask for them.</p>
      <Loaded state={ledger}>
        {(data) => (
          <>
            <section aria-labelledby="totals-title">
              <h2 id="totals-title">Totals</h2>
              {data.totals.length === 0 ? (
                <Empty>No payments match.</Empty>
              ) : (
                <ul className="cards">
                  {data.totals.map((t) => (
                    <li key={t.currency} className="card">
                      <p className="price">{formatPrice(t.paidCents, t.currency)}</p>
                      <p className="muted">net received ({t.currency.toUpperCase()}): paid and not refunded</p>
                      <p>
                        {t.paidCount} paid · {t.refundedCount} refunded ({formatPrice(t.refundedCents, t.currency)}) · {t.pendingCount} pending ·{" "}
                        {t.failedCount} failed{t.abandonedCount ? ` · ${t.abandonedCount} abandoned` : ""}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <h2>Ledger</h2>
            {data.items.length === 0 ? (
              <Empty>No payments match.</Empty>
            ) : (
              <Table columns={["Created", "Email", "Track", "Amount", "State", { hidden: "Actions" }]}>
                {data.items.map((p) => (
                  <PaymentLine key={p.id} payment={p} onChanged={ledger.reload} />
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

function PaymentLine({ payment, onChanged }: { payment: PaymentRow; onChanged: () => void }) {
  const refund = useAction();
  // The api answers a refund at once (Stripe confirms later): the row shows it without waiting for the reload.
  const [requestedAt, setRequestedAt] = useState<string | null>(payment.refundRequestedAt);

  async function onRefund() {
    if (!window.confirm(`Refund ${formatPrice(payment.amountCents, payment.currency)} to ${payment.email ?? "the buyer"}? The enrollment will be withdrawn.`)) return;
    const outcome = await refund.run(
      () => api.post<RefundAccepted>(apiRoutes.admin.refund(payment.id)),
      (accepted) => accepted?.message ?? "Refund requested.",
    );
    if (outcome.ok) {
      setRequestedAt(outcome.result?.refundRequestedAt ?? new Date().toISOString());
      onChanged();
    }
  }

  const state = payment.abandoned ? "abandoned" : payment.state;
  const tone = state === "paid" ? "ok" : state === "failed" ? "error" : state === "pending" || state === "abandoned" ? "" : "warn";
  return (
    <tr>
      <td data-label="Created">{formatDate(payment.createdAt)}</td>
      <td data-label="Email">
        {payment.userId ? <Link href={`/staff/users/${payment.userId}`}>{payment.email ?? "account"}</Link> : (payment.email ?? "—")}
      </td>
      <td data-label="Track">{payment.trackCode}</td>
      <td data-label="Amount">{formatPrice(payment.amountCents, payment.currency)}</td>
      <td data-label="State">
        <span className={`badge ${tone}`}>{state}</span>
        {payment.state === "paid" && requestedAt ? (
          <span className="badge warn" role="status">
            refund requested {formatDate(requestedAt)}, waiting for Stripe
          </span>
        ) : null}
        {payment.failureReason ? <span className="muted"> {payment.failureReason}</span> : null}
      </td>
      <td data-label="Actions">
        {payment.state === "paid" && !requestedAt ? (
          <button type="button" className="secondary" disabled={refund.pending} onClick={onRefund}>
            Refund
          </button>
        ) : null}
        <ActionStatus state={refund} />
      </td>
    </tr>
  );
}
