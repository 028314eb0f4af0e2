"use client";

import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { HandedIn, Rubric } from "@/components/student/HandedIn";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import type { AttemptView } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

/** Every attempt of a submission, newest first, each with what was handed in and how it was judged. */
export function AttemptHistory({ submissionId, version }: { submissionId: string; version?: number }) {
  const attempts = useApiData<AttemptView[]>(`${apiRoutes.submissionWork.attempts(submissionId)}${version ? `?v=${version}` : ""}`);
  return (
    <section aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempts</h2>
      <Loaded state={attempts} label="Loading the attempts…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No attempt is recorded yet.</Empty>
          ) : (
            <ol className="stack" reversed style={{ paddingLeft: "1.25rem" }}>
              {list.map((a) => (
                <li key={a.number}>
                  <p>
                    <strong>Attempt {a.number}</strong> <span className="muted">handed in {formatDate(a.submittedAt)}</span>{" "}
                    {a.decision ? <SubmissionBadge status={a.decision} /> : <span className="badge">Waiting for review</span>}
                  </p>
                  <HandedIn url={a.url} text={a.text} file={a.file} label="Handed in:" />
                  {/* The open attempt's ticks are the reviewer's working state, shown in the decision form. */}
                  {a.decision && a.rubric.length ? <Rubric items={[]} checks={a.rubric} title="Checklist" /> : null}
                  {a.feedback ? (
                    <p className="alert alert-info">
                      <strong>Feedback:</strong> {a.feedback}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
    </section>
  );
}
