"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { HandedIn } from "@/components/student/HandedIn";
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
          <ul className="queue">
            {data.map((s) => (
              <li key={s.id} className="card">
                <div className="who">
                  <h2 style={{ fontSize: "1.1rem", margin: 0 }}>
                    <Link href={`/submissions/${s.id}`}>{s.deliverableTitle}</Link>
                  </h2>
                  <p className="muted" style={{ margin: "0.25rem 0" }}>
                    {s.projectTitle} · attempt {s.attempt} · handed in {formatDate(s.submittedAt)}
                  </p>
                  <HandedIn url={s.url} text={s.text} file={s.file} />
                  {s.feedback ? (
                    <p>
                      <strong>Feedback:</strong> {s.feedback}
                    </p>
                  ) : null}
                </div>
                <SubmissionBadge status={s.status} />
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
