"use client";

import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { SubmitButton, SubmitForm, TextArea } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFile } from "@/lib/files";
import { formatBytes, formatDate } from "@/lib/format";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { ApprovalRequest, RevisionRequest, SubmissionView } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function ReviewPage() {
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <ReviewOfSubmission />
    </RequireRole>
  );
}

function ReviewOfSubmission() {
  const { id } = useParams<{ id: string }>();
  const submission = useApiData<SubmissionView>(apiRoutes.submission(id));
  return <Loaded state={submission}>{(data) => <Review submission={data} />}</Loaded>;
}

function Review({ submission }: { submission: SubmissionView }) {
  const router = useRouter();
  const decision = useAction();
  const download = useAction();
  const awaiting = submission.status === "submitted" || submission.status === "resubmitted";
  const file = submission.file;

  async function decide(data: FormData) {
    const feedback = String(data.get("feedback") ?? "").trim();
    if (data.get("decision") === "approve") {
      await api.post(apiRoutes.trainer.approve(submission.id), { feedback: feedback || null } satisfies ApprovalRequest);
    } else {
      // The api requires feedback with a revision request; it answers 400 naming the field otherwise.
      await api.post(apiRoutes.trainer.requestRevision(submission.id), { feedback } satisfies RevisionRequest);
    }
  }

  return (
    <article>
      <p>
        <Link href="/staff/reviews">← Review queue</Link>
      </p>
      <h1>
        {submission.deliverableTitle} <SubmissionBadge status={submission.status} />
      </h1>
      <p>
        {submission.studentName || "Unnamed student"} · {submission.projectTitle} · attempt {submission.attempt} · submitted{" "}
        {formatDate(submission.submittedAt)}
      </p>
      <section className="card" aria-labelledby="work-title">
        <h2 id="work-title">The work</h2>
        {submission.url ? (
          <p>
            <a href={submission.url} target="_blank" rel="noopener noreferrer">
              {submission.url}
            </a>
          </p>
        ) : null}
        {submission.text ? <pre className="deliverable">{submission.text}</pre> : null}
        {file ? (
          <p>
            {file.name} <span className="muted">({formatBytes(file.sizeBytes)}, {file.contentType})</span>{" "}
            <button type="button" className="secondary" disabled={download.pending} onClick={() => download.run(() => downloadFile(file))}>
              Download
            </button>
          </p>
        ) : null}
        {download.error ? (
          <p className="alert alert-error" role="alert">
            {download.error}
          </p>
        ) : null}
      </section>
      {submission.feedback ? (
        <p className="alert alert-info">
          <strong>Previous feedback:</strong> {submission.feedback}
        </p>
      ) : null}
      {awaiting ? (
        <>
          <h2>Your decision</h2>
          <SubmitForm action={decision} send={decide} onDone={() => router.push("/staff/reviews")}>
          <TextArea label="Feedback for the student (required to request a revision)" name="feedback" rows={5} />
          <p className="actions">
            <SubmitButton name="decision" value="approve">
              Approve
            </SubmitButton>
            <SubmitButton name="decision" value="revision" className="secondary">
              Request revision
            </SubmitButton>
          </p>
          </SubmitForm>
        </>
      ) : (
        <p className="muted">This submission is not waiting for a review.</p>
      )}
    </article>
  );
}
