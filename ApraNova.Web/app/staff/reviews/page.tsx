"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { SubmissionView } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function ReviewQueuePage() {
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <h1>Review queue</h1>
      <p className="muted">Oldest submissions first.</p>
      <ReviewQueue />
    </RequireRole>
  );
}

function ReviewQueue() {
  const queue = useApiData<SubmissionView[]>(apiRoutes.trainer.reviews);
  return (
    <Loaded state={queue}>
      {(data) =>
        data.length === 0 ? (
          <Empty>Nothing is waiting for review.</Empty>
        ) : (
          <Table columns={["Submitted", "Student", "Deliverable", "State", { hidden: "Action" }]}>
            {data.map((s) => (
              <tr key={s.id}>
                <td>{formatDate(s.submittedAt)}</td>
                <td>{s.studentName || "Unnamed student"}</td>
                <td>
                  {s.projectTitle} — {s.deliverableTitle}
                </td>
                <td>
                  <SubmissionBadge status={s.status} /> {s.attempt > 1 ? <span className="muted">attempt {s.attempt}</span> : null}
                </td>
                <td>
                  <Link href={`/staff/reviews/${s.id}`} aria-label={`Review ${s.deliverableTitle} by ${s.studentName || "unnamed student"}`}>
                    Review
                  </Link>
                </td>
              </tr>
            ))}
          </Table>
        )
      }
    </Loaded>
  );
}
