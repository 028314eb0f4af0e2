"use client";

import { useId, useState } from "react";
import { Field, FieldMessages, FormAlert, TextArea } from "@/components/Form";
import { SubmissionBadge } from "@/components/StatusBadge";
import { api } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import { uploadFile } from "@/lib/files";
import { formatDate, type DeliverableKind, type LearningDeliverable } from "@/lib/types";
import { useSubmit } from "@/lib/useSubmit";

// What the api's allow-list takes (it checks again, by extension, content type and signature).
const ACCEPTED_FILES = ".pdf,.zip,.png,.jpg,.jpeg,.txt,.md,.csv,.ipynb";

const KIND_LABEL: Record<DeliverableKind, string> = {
  link: "Link",
  github: "GitHub repository",
  file: "File",
  text: "Text",
};

/**
 * One deliverable: what to hand in, the current submission's state and the trainer's
 * feedback, and the right input for its kind when the student can (first time, or after a
 * revision request).
 */
export function DeliverableCard({
  deliverable,
  readOnly,
  onChanged,
}: {
  deliverable: LearningDeliverable;
  readOnly: boolean;
  onChanged: () => void;
}) {
  const submission = deliverable.submission;
  const canSubmit = !readOnly && (!submission || submission.status === "revisionRequested");
  const titleId = useId();

  return (
    <section className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {deliverable.title} <span className="badge">{KIND_LABEL[deliverable.kind] ?? deliverable.kind}</span>
      </h3>
      <p>{deliverable.instructions}</p>
      {submission ? (
        <div>
          <p>
            <SubmissionBadge status={submission.status} /> <span className="muted">attempt {submission.attempt}, submitted {formatDate(submission.submittedAt)}</span>
          </p>
          {submission.feedback ? (
            <div className={`alert ${submission.status === "approved" ? "alert-ok" : "alert-info"}`}>
              <p>
                <strong>Trainer feedback:</strong> {submission.feedback}
              </p>
            </div>
          ) : null}
        </div>
      ) : null}
      {canSubmit ? <SubmissionForm deliverable={deliverable} onSubmitted={onChanged} /> : null}
    </section>
  );
}

function SubmissionForm({ deliverable, onSubmitted }: { deliverable: LearningDeliverable; onSubmitted: () => void }) {
  const submit = useSubmit();
  const [progress, setProgress] = useState<number | null>(null);
  const fileErrorId = useId();
  const fileInputId = useId();
  const resubmitting = deliverable.submission?.status === "revisionRequested";

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const done = await submit.run(async () => {
      const content: { url?: string; text?: string; fileId?: string } = {};
      if (deliverable.kind === "link" || deliverable.kind === "github") content.url = String(form.get("url") ?? "");
      if (deliverable.kind === "text") content.text = String(form.get("text") ?? "");
      if (deliverable.kind === "file") {
        const file = form.get("file");
        if (!(file instanceof File) || file.size === 0) {
              throw new ApiError(400, { errors: { file: ["Choose a file to upload."] } });
        }
        try {
          const stored = await uploadFile(file, setProgress);
          content.fileId = stored.id;
        } finally {
          setProgress(null);
        }
      }
      if (resubmitting) await api.put(`/api/submissions/${deliverable.submission!.id}`, content);
      else await api.post("/api/submissions", { deliverableId: deliverable.id, ...content });
      return true;
    });
    if (done) onSubmitted();
  }

  const fileMessages = [...(submit.fieldErrors.file ?? []), ...(submit.fieldErrors.fileId ?? [])];
  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <FormAlert message={submit.message} errors={submit.fieldErrors} />
      {deliverable.kind === "link" ? (
        <Field label="Link to your work" name="url" type="url" inputMode="url" placeholder="https://…" required errors={submit.fieldErrors} />
      ) : null}
      {deliverable.kind === "github" ? (
        <Field
          label="GitHub repository URL"
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://github.com/owner/repository"
          required
          errors={submit.fieldErrors}
        />
      ) : null}
      {deliverable.kind === "text" ? <TextArea label="Your answer" name="text" rows={6} required errors={submit.fieldErrors} /> : null}
      {deliverable.kind === "file" ? (
        <div className="field">
          <label htmlFor={fileInputId}>File to upload</label>
          <input
            id={fileInputId}
            type="file"
            name="file"
            accept={ACCEPTED_FILES}
            required
            aria-invalid={fileMessages.length > 0 || undefined}
            aria-describedby={fileMessages.length ? fileErrorId : undefined}
          />
          <FieldMessages id={fileErrorId} messages={fileMessages} />
          {progress !== null ? (
            <div className="progress-wrap" role="status" aria-live="polite">
              <progress className="progress" max={100} value={Math.round(progress * 100)} aria-label="Upload progress" />
              <span>Uploading… {Math.round(progress * 100)}%</span>
            </div>
          ) : null}
        </div>
      ) : null}
      <p className="actions">
        <button type="submit" disabled={submit.pending}>
          {submit.pending ? "Submitting…" : resubmitting ? "Resubmit" : "Submit"}
        </button>
      </p>
    </form>
  );
}
