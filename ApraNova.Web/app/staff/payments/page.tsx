"use client";

import { useState } from "react";
import { ActionStatus } from "@/components/Form";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { api, buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate, formatPrice } from "@/lib/format";
import { STAFF } from "@/lib/roles";
import type { PaymentLedgerPage, PaymentRow, PaymentState, RefundAccepted } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

const STATES: readonly PaymentState[] = ["pending", "paid", "failed", "refunded"];

export default function PaymentsPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Payments</h1>
      <Ledger />
    </RequireRole>
  );
}

function Ledger() {
  const [state, setState] = useState("");
  const [page, setPage] = useState(1);
  const ledger = useApiData<PaymentLedgerPage>(buildUrl(apiRoutes.admin.payments, { state, page }));

  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="payment-state">State</label>
          <select
            id="payment-state"
            value={state}
            onChange={(e) => {
              setState(e.currentTarget.value);
              setPage(1);
            }}
          >
            <option value="">Any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Loaded state={ledger}>
        {(data) => (
          <>
            <section aria-labelledby="totals-title">
              <h2 id="totals-title">Totals</h2>
              {data.totals.length === 0 ? (
                <Empty>No payments yet.</Empty>
              ) : (
                <ul className="cards">
                  {data.totals.map((t) => (
                    <li key={t.currency} className="card">
                      <p className="price">{formatPrice(t.paidCents - t.refundedCents, t.currency)}</p>
                      <p className="muted">net received ({t.currency.toUpperCase()})</p>
                      <p>
                        {t.paidCount} paid ({formatPrice(t.paidCents, t.currency)}) · {t.refundedCount} refunded (
                        {formatPrice(t.refundedCents, t.currency)}) · {t.pendingCount} pending · {t.failedCount} failed
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

  async function onRefund() {
    if (!window.confirm(`Refund ${formatPrice(payment.amountCents, payment.currency)} to ${payment.email ?? "the buyer"}? The enrollment will be withdrawn.`)) return;
    const outcome = await refund.run(
      () => api.post<RefundAccepted | undefined>(apiRoutes.admin.refund(payment.id)),
      (accepted) => accepted?.message ?? "Refund requested.",
    );
    if (outcome.ok) onChanged();
  }

  const tone = payment.state === "paid" ? "ok" : payment.state === "failed" ? "error" : payment.state === "pending" ? "" : "warn";
  return (
    <tr>
      <td>{formatDate(payment.createdAt)}</td>
      <td>{payment.email ?? "—"}</td>
      <td>{payment.trackCode}</td>
      <td>{formatPrice(payment.amountCents, payment.currency)}</td>
      <td>
        <span className={`badge ${tone}`}>{payment.state}</span>
        {payment.failureReason ? <span className="muted"> {payment.failureReason}</span> : null}
      </td>
      <td>
        {payment.state === "paid" && !payment.refundRequestedAt ? (
          <button type="button" className="secondary" disabled={refund.pending} onClick={onRefund}>
            Refund
          </button>
        ) : null}
        <ActionStatus state={refund} />
      </td>
    </tr>
  );
}
