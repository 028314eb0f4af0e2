"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Loaded } from "@/components/Status";
import { HandedIn } from "@/components/student/HandedIn";
import { AttemptHistory } from "@/components/submissions/AttemptHistory";
import { MessageThread } from "@/components/submissions/MessageThread";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { STUDENT } from "@/lib/roles";
import type { SubmissionView } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function SubmissionPage() {
  return (
    <RequireRole roles={STUDENT}>
      <SubmissionDetail />
    </RequireRole>
  );
}

function SubmissionDetail() {
  const { id } = useParams<{ id: string }>();
  const submission = useApiData<SubmissionView>(apiRoutes.submission(id));
  return (
    <Loaded state={submission} label="Loading the submission…">
      {(s) => (
        <article>
          <p>
            <Link href="/submissions">← Your submissions</Link>
          </p>
          <h1>{s.deliverableTitle}</h1>
          <p>
            <SubmissionBadge status={s.status} /> <span className="muted">{s.projectTitle} · attempt {s.attempt} · handed in {formatDate(s.submittedAt)}</span>
          </p>
          <HandedIn url={s.url} text={s.text} file={s.file} />
          <p>
            <Link href={`/projects/${s.projectId}#deliverable-${s.deliverableId}`}>Open it in the project</Link> to replace, withdraw or resubmit it.
          </p>
          <div className="review-layout">
            <AttemptHistory submissionId={s.id} />
            <MessageThread submissionId={s.id} placeholder="A question about this deliverable for your trainer" />
          </div>
        </article>
      )}
    </Loaded>
  );
}
