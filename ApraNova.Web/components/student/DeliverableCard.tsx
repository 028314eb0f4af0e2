"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { ActionStatus, Field, FieldMessages, SubmitButton, SubmitForm, TextArea, useFieldErrors } from "@/components/Form";
import { SubmissionBadge } from "@/components/StatusBadge";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { uploadFile } from "@/lib/files";
import { formatDate } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import type { CreateSubmissionRequest, DeliverableKind, DeliverableView, SubmissionContentRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { HandedIn, Rubric } from "./HandedIn";

// What the api's allow-list takes (it checks again, by extension, content type and signature).
const ALL_FILES = [".pdf", ".zip", ".png", ".jpg", ".jpeg", ".txt", ".md", ".csv", ".ipynb"];

const KIND_LABEL: Record<DeliverableKind, string> = {
  link: "Link",
  github: "GitHub repository",
  file: "File",
  text: "Text",
};

/** ".png or .pdf" */
export function describeTypes(types: readonly string[]): string {
  return types.length <= 1 ? (types[0] ?? "") : `${types.slice(0, -1).join(", ")} or ${types[types.length - 1]}`;
}

function acceptedOf(deliverable: DeliverableView): string[] {
  const types = deliverable.acceptedFileTypes.length ? deliverable.acceptedFileTypes : ALL_FILES;
  // .jpg and .jpeg are one type for the api.
  return types.includes(".jpg") && !types.includes(".jpeg") ? [...types, ".jpeg"] : types;
}

/**
 * One deliverable: what to hand in (and which files), what the trainer checks, what the student
 * handed in and its state and feedback; the form to hand in (first time, after a revision request,
 * or to replace an attempt no reviewer has opened yet) and the withdraw button.
 */
export function DeliverableCard({ deliverable, readOnly, onChanged }: { deliverable: DeliverableView; readOnly: boolean; onChanged: () => void }) {
  const submission = deliverable.submission;
  const [replacing, setReplacing] = useState(false);
  const withdraw = useAction();
  const canSubmit = !readOnly && (!submission || submission.status === "revisionRequested");
  const canChange = !readOnly && !!submission?.canChange;
  const titleId = useId();

  return (
    <section className="card" aria-labelledby={titleId} id={`deliverable-${deliverable.id}`}>
      <h3 id={titleId}>
        {deliverable.title} <span className="badge">{KIND_LABEL[deliverable.kind] ?? deliverable.kind}</span>
      </h3>
      <div className="prose" dangerouslySetInnerHTML={{ __html: deliverable.instructionsHtml }} />
      {deliverable.kind === "file" && deliverable.acceptedFileTypes.length ? (
        <p className="muted">Accepted files: {describeTypes(deliverable.acceptedFileTypes)}.</p>
      ) : null}
      <Rubric items={deliverable.rubric} title="What your trainer checks" checks={null} />
      {submission ? (
        <div>
          <p>
            <SubmissionBadge status={submission.status} />{" "}
            <span className="muted">
              attempt {submission.attempt}, submitted {formatDate(submission.submittedAt)}
            </span>
          </p>
          <HandedIn url={submission.url} text={submission.text} file={submission.file} />
          {submission.rubric?.length ? <Rubric items={[]} checks={submission.rubric} title="Your trainer's checklist for this attempt" /> : null}
          {submission.feedback ? (
            <div className={`alert ${submission.status === "approved" ? "alert-ok" : "alert-info"}`}>
              <p>
                <strong>Trainer feedback:</strong> {submission.feedback}
              </p>
            </div>
          ) : null}
          <p className="actions">
            <Link href={`/submissions/${submission.id}`}>
              History and messages<span className="visually-hidden"> for {deliverable.title}</span>
            </Link>
            {canChange && !replacing ? (
              <>
                <button type="button" className="secondary" onClick={() => setReplacing(true)}>
                  Replace<span className="visually-hidden"> {deliverable.title}</span>
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={withdraw.pending}
                  onClick={async () => {
                    const outcome = await withdraw.run(() => api.delete(apiRoutes.submission(submission.id)));
                    if (outcome.ok) onChanged();
                  }}
                >
                  Withdraw<span className="visually-hidden"> {deliverable.title}</span>
                </button>
              </>
            ) : null}
          </p>
          {submission.status === "submitted" || submission.status === "resubmitted" ? (
            <p className="muted">
              {submission.canChange
                ? "You can replace or withdraw it until your trainer opens it for review."
                : "Your trainer is reviewing it; it can no longer be changed."}
            </p>
          ) : null}
          <ActionStatus state={withdraw} />
        </div>
      ) : null}
      {canSubmit || (canChange && replacing) ? (
        <SubmissionForm
          deliverable={deliverable}
          mode={canSubmit ? (submission ? "resubmit" : "submit") : "replace"}
          onSubmitted={() => {
            setReplacing(false);
            onChanged();
          }}
          onCancel={replacing ? () => setReplacing(false) : undefined}
        />
      ) : null}
    </section>
  );
}

function SubmissionForm({
  deliverable,
  mode,
  onSubmitted,
  onCancel,
}: {
  deliverable: DeliverableView;
  mode: "submit" | "resubmit" | "replace";
  onSubmitted: () => void;
  onCancel?: () => void;
}) {
  const action = useAction();
  const [progress, setProgress] = useState<number | null>(null);
  const accepted = acceptedOf(deliverable);

  async function send(data: FormData) {
    const content: SubmissionContentRequest = { url: null, text: null, fileId: null };
    if (deliverable.kind === "link" || deliverable.kind === "github") content.url = String(data.get("url") ?? "");
    if (deliverable.kind === "text") content.text = String(data.get("text") ?? "");
    if (deliverable.kind === "file") {
      const file = data.get("file");
      if (!(file instanceof File) || file.size === 0) throw invalidField("file", "Choose a file to upload.");
      const extension = file.name.includes(".") ? file.name.slice(file.name.lastIndexOf(".")).toLowerCase() : "";
      if (!accepted.includes(extension)) throw invalidField("file", `This deliverable accepts ${describeTypes(deliverable.acceptedFileTypes.length ? deliverable.acceptedFileTypes : ALL_FILES)} files.`);
      try {
        content.fileId = (await uploadFile(file, setProgress)).id;
      } finally {
        setProgress(null);
      }
    }
    if (mode === "submit") await api.post(apiRoutes.submissions, { deliverableId: deliverable.id, ...content } satisfies CreateSubmissionRequest);
    else await api.put(apiRoutes.submission(deliverable.submission!.id), content);
  }

  const label = mode === "submit" ? "Submit" : mode === "resubmit" ? "Resubmit" : "Save the replacement";
  return (
    <SubmitForm action={action} send={send} onDone={onSubmitted}>
      {deliverable.kind === "link" ? <Field label="Link to your work" name="url" type="url" inputMode="url" placeholder="https://…" required /> : null}
      {deliverable.kind === "github" ? (
        <Field label="GitHub repository URL" name="url" type="url" inputMode="url" placeholder="https://github.com/owner/repository" required />
      ) : null}
      {deliverable.kind === "text" ? <TextArea label="Your answer" name="text" rows={6} required /> : null}
      {deliverable.kind === "file" ? <FileField progress={progress} accept={accepted.join(",")} /> : null}
      <p className="actions">
        <SubmitButton pendingLabel="Submitting…">{label}</SubmitButton>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>
    </SubmitForm>
  );
}

/** The file input: the api's messages about the upload (`file`) or the stored file (`fileId`), and the upload's progress. */
function FileField({ progress, accept }: { progress: number | null; accept: string }) {
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
        accept={accept}
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
