"use client";

import Link from "next/link";
import { RequireRole, TRAINER } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { formatDate, type Submission } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function ReviewQueuePage() {
  return (
    <RequireRole roles={TRAINER}>
      <h1>Review queue</h1>
      <p className="muted">Oldest submissions first.</p>
      <ReviewQueue />
    </RequireRole>
  );
}

function ReviewQueue() {
  const { data, error, loading, reload } = useApiData<Submission[]>("/api/trainers/reviews");
  if (loading) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (data.length === 0) return <Empty>Nothing is waiting for review.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Submitted</th>
            <th scope="col">Student</th>
            <th scope="col">Deliverable</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
