"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { STUDENT } from "@/lib/roles";
import type { SubmissionView } from "@/lib/types";
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
  const submissions = useApiData<SubmissionView[]>(apiRoutes.submissions);
  return (
    <Loaded state={submissions}>
      {(data) =>
        data.length === 0 ? (
          <Empty>You have not submitted anything yet.</Empty>
        ) : (
          <Table columns={["Deliverable", "Project", "Attempt", "State", "Feedback", "Submitted"]}>
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
          </Table>
        )
      }
    </Loaded>
  );
}
