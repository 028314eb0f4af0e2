"use client";

import { useId, useState } from "react";
import { Field, FieldMessages, SubmitButton, SubmitForm, TextArea, useFieldErrors } from "@/components/Form";
import { SubmissionBadge } from "@/components/StatusBadge";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { uploadFile } from "@/lib/files";
import { formatDate } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import type { CreateSubmissionRequest, DeliverableKind, DeliverableView, SubmissionContentRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";

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
  deliverable: DeliverableView;
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

function SubmissionForm({ deliverable, onSubmitted }: { deliverable: DeliverableView; onSubmitted: () => void }) {
  const action = useAction();
  const [progress, setProgress] = useState<number | null>(null);
  const previous = deliverable.submission?.status === "revisionRequested" ? deliverable.submission : null;

  async function send(data: FormData) {
    const content: SubmissionContentRequest = { url: null, text: null, fileId: null };
    if (deliverable.kind === "link" || deliverable.kind === "github") content.url = String(data.get("url") ?? "");
    if (deliverable.kind === "text") content.text = String(data.get("text") ?? "");
    if (deliverable.kind === "file") {
      const file = data.get("file");
      if (!(file instanceof File) || file.size === 0) throw invalidField("file", "Choose a file to upload.");
      try {
        content.fileId = (await uploadFile(file, setProgress)).id;
      } finally {
        setProgress(null);
      }
    }
    if (previous) await api.put(apiRoutes.submission(previous.id), content);
    else await api.post(apiRoutes.submissions, { deliverableId: deliverable.id, ...content } satisfies CreateSubmissionRequest);
  }

  return (
    <SubmitForm action={action} send={send} onDone={onSubmitted}>
      {deliverable.kind === "link" ? <Field label="Link to your work" name="url" type="url" inputMode="url" placeholder="https://…" required /> : null}
      {deliverable.kind === "github" ? (
        <Field label="GitHub repository URL" name="url" type="url" inputMode="url" placeholder="https://github.com/owner/repository" required />
      ) : null}
      {deliverable.kind === "text" ? <TextArea label="Your answer" name="text" rows={6} required /> : null}
      {deliverable.kind === "file" ? <FileField progress={progress} /> : null}
      <p className="actions">
        <SubmitButton pendingLabel="Submitting…">{previous ? "Resubmit" : "Submit"}</SubmitButton>
      </p>
    </SubmitForm>
  );
}

/** The file input: the api's messages about the upload (`file`) or the stored file (`fileId`), and the upload's progress. */
function FileField({ progress }: { progress: number | null }) {
  const messages = useFieldErrors("file", "fileId");
  const inputId = useId();
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor={inputId}>File to upload</label>
      <input
        id={inputId}
        type="file"
        name="file"
        accept={ACCEPTED_FILES}
        required
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={messages.length ? errorId : undefined}
      />
      <FieldMessages id={errorId} messages={messages} />
      {progress !== null ? (
        <div className="progress-wrap" role="status" aria-live="polite">
          <progress className="progress" max={100} value={Math.round(progress * 100)} aria-label="Upload progress" />
          <span>Uploading… {Math.round(progress * 100)}%</span>
        </div>
      ) : null}
    </div>
  );
}
