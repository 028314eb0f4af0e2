"use client";

import Link from "next/link";
import { RequireRole, STUDENT } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { formatDate, type Submission } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function SubmissionsPage() {
  return (
    <RequireRole roles={STUDENT}>
      <h1>Your submissions</h1>
      <SubmissionHistory />
    </RequireRole>
  );
}

function SubmissionHistory() {
  const { data, error, loading, reload } = useApiData<Submission[]>("/api/submissions");
  if (loading) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (data.length === 0) return <Empty>You have not submitted anything yet.</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Deliverable</th>
            <th scope="col">Project</th>
            <th scope="col">Attempt</th>
            <th scope="col">State</th>
            <th scope="col">Feedback</th>
            <th scope="col">Submitted</th>
          </tr>
        </thead>
        <tbody>
          {data.map((s) => (
            <tr key={s.id}>
              <td>{s.deliverableTitle}</td>
              <td>
                <Link href={`/projects/${s.projectId}`}>{s.projectTitle}</Link>
              </td>
              <td>{s.attempt}</td>
              <td>
                <SubmissionBadge status={s.status} />
              </td>
              <td>{s.feedback ?? <span className="muted">—</span>}</td>
              <td>{formatDate(s.submittedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
