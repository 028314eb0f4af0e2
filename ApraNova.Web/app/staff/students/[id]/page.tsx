"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole } from "@/components/RequireRole";
import { ProgressBar, ProjectBadge, SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatAge, formatDate } from "@/lib/format";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { TrainerStudentDetail } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function StudentDetailPage() {
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <StudentDetail />
    </RequireRole>
  );
}

function StudentDetail() {
  const { id } = useParams<{ id: string }>();
  const student = useApiData<TrainerStudentDetail>(apiRoutes.trainer.student(id));
  return (
    <Loaded state={student}>
      {(data) => (
        <>
          <p>
            <Link href="/staff/students">← My students</Link>
          </p>
          <h1>{data.fullName || data.email}</h1>
          <p>
            <a href={`mailto:${data.email}`}>{data.email}</a> · {data.track.trackName}
          </p>
          <ProgressBar percent={data.track.percent} label="Track progress" />
          <h2>Projects</h2>
          <ol className="project-list">
            {data.track.projects.map((p) => (
              <li key={p.id}>
                {p.title} <ProjectBadge state={p.state} /> <span className="muted">{p.percent}%</span>
              </li>
            ))}
          </ol>
          <h2>Submissions</h2>
          {data.submissions.length === 0 ? (
            <Empty>No submissions yet.</Empty>
          ) : (
            <ul>
              {data.submissions.map((s) => (
                <li key={s.id}>
                  <Link href={`/staff/reviews/${s.id}`}>
                    {s.projectTitle} — {s.deliverableTitle}
                  </Link>{" "}
                  <SubmissionBadge status={s.status} />{" "}
                  <span className="muted">
                    <time dateTime={s.submittedAt} title={formatDate(s.submittedAt)}>
                      handed in {formatAge(s.submittedAt)}
                    </time>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Loaded>
  );
}
