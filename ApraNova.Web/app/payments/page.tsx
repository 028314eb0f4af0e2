"use client";

import { ActionStatus } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFrom } from "@/lib/download";
import { formatDate, formatPrice } from "@/lib/format";
import { STUDENT } from "@/lib/roles";
import type { PaymentHistoryItem, ReceiptView } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function PaymentHistoryPage() {
  return (
    <RequireRole roles={STUDENT}>
      <h1>Payments and receipts</h1>
      <PaymentHistory />
    </RequireRole>
  );
}

function PaymentHistory() {
  const payments = useApiData<PaymentHistoryItem[]>(apiRoutes.receipts.mine);
  return (
    <Loaded state={payments}>
      {(list) =>
        list.length === 0 ? (
          <Empty>You have not paid for anything yet.</Empty>
        ) : (
          <ul className="stack" aria-label="Your payments">
            {list.map((p) => (
              <li key={p.paymentId} className="card">
                <h2 className="card-title">
                  {p.trackCode} · {formatPrice(p.amountCents, p.currency)}
                </h2>
                <p className="actions">
                  <span className={`badge ${p.state === "paid" ? "ok" : "warn"}`}>{p.state}</span>
                  <span className="muted">paid {formatDate(p.paidAt)}</span>
                  {p.refundedAt ? <span className="muted">refunded {formatDate(p.refundedAt)}</span> : null}
                </p>
                {p.receipts.length === 0 ? (
                  <p className="muted">Your receipt is being prepared; it will be emailed to you and appear here in a moment.</p>
                ) : (
                  <ul className="actions" aria-label="Documents">
                    {p.receipts.map((r) => (
                      <li key={r.id}>
                        <ReceiptDownload receipt={r} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

function ReceiptDownload({ receipt }: { receipt: ReceiptView }) {
  const download = useAction();
  const label = receipt.kind === "creditNote" ? "Credit note" : "Receipt";
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={download.pending}
        onClick={() => download.run(() => downloadFrom(apiRoutes.receipts.pdf(receipt.id), `${receipt.number}.pdf`))}
      >
        {label} {receipt.number} (PDF)
      </button>
      <ActionStatus state={download} />
    </>
  );
}
