"use client";

import { useState } from "react";
import { Pager } from "@/components/Pager";
import { ADMIN, RequireRole } from "@/components/RequireRole";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { api, buildUrl } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import { formatDate, formatPrice, totalOf, type PaymentLedger, type PaymentRow } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

const STATES = ["pending", "paid", "failed", "refunded"] as const;

export default function PaymentsPage() {
  return (
    <RequireRole roles={ADMIN}>
      <h1>Payments</h1>
      <Ledger />
    </RequireRole>
  );
}

function Ledger() {
  const [state, setState] = useState("");
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApiData<PaymentLedger>(buildUrl("/api/admin/payments", { state, page }));

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
      {loading && !data ? <Loading /> : null}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {data ? (
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
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Created</th>
                    <th scope="col">Email</th>
                    <th scope="col">Track</th>
                    <th scope="col">Amount</th>
                    <th scope="col">State</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <PaymentLine key={p.id} payment={p} onChanged={reload} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={data.page} pageSize={data.pageSize} total={totalOf(data)} onPage={setPage} />
        </>
      ) : null}
    </>
  );
}

function PaymentLine({ payment, onChanged }: { payment: PaymentRow; onChanged: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function refund() {
    if (!window.confirm(`Refund ${formatPrice(payment.amountCents, payment.currency)} to ${payment.email ?? "the buyer"}? The enrollment will be withdrawn.`)) return;
    setPending(true);
    setMessage(null);
    try {
      const result = await api.post<{ message: string }>(`/api/admin/payments/${payment.id}/refund`);
      setMessage({ ok: true, text: result?.message ?? "Refund requested." });
      onChanged();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof ApiError ? failure.message : "The refund failed." });
    } finally {
      setPending(false);
    }
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
          <button type="button" className="secondary" disabled={pending} onClick={refund}>
            Refund
          </button>
        ) : null}
        {message ? (
          <p className={message.ok ? "muted" : "field-error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
