"use client";

import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ActionStatus, SubmitButton, SubmitForm, TextArea } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Loaded } from "@/components/Status";
import { AttemptHistory } from "@/components/submissions/AttemptHistory";
import { MessageThread } from "@/components/submissions/MessageThread";
import { WorkInPlace } from "@/components/submissions/WorkInPlace";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatAge, formatDate } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { ApprovalRequest, AttemptView, RevisionRequest, RubricCheckView, RubricTickRequest, SubmissionView } from "@/lib/types";
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
  // Opening a waiting attempt starts its review: from now on the student cannot replace or withdraw it.
  const [started, setStarted] = useState<string | null>(null);
  const data = submission.data;
  useEffect(() => {
    if (!data || started === data.id) return;
    if ((data.status === "submitted" || data.status === "resubmitted") && !data.reviewStartedAt) {
      setStarted(data.id);
      api.post(apiRoutes.submissionWork.startReview(data.id)).catch(() => undefined);
    }
  }, [data, started]);
  return <Loaded state={submission}>{(s) => <Review key={s.id} submission={s} />}</Loaded>;
}

function Review({ submission }: { submission: SubmissionView }) {
  const router = useRouter();
  const decision = useAction();
  const awaiting = submission.status === "submitted" || submission.status === "resubmitted";

  async function decide(data: FormData) {
    const feedback = String(data.get("feedback") ?? "").trim();
    const rubricMet = submission.rubric.map((_, i) => i).filter((i) => data.get(`rubric-${i}`) === "on");
    const choice = String(data.get("decision"));
    if (choice === "revision") {
      // The api requires feedback with a revision request; it answers 400 naming the field otherwise.
      await api.post(apiRoutes.trainer.requestRevision(submission.id), { feedback, rubricMet } satisfies RevisionRequest);
      return "/staff/reviews";
    }
    if (rubricMet.length < submission.rubric.length) throw invalidField("rubricMet", "Tick every checklist item to approve, or request a revision.");
    await api.post(apiRoutes.trainer.approve(submission.id), { feedback: feedback || null, rubricMet } satisfies ApprovalRequest);
    if (choice !== "approve-next") return "/staff/reviews";
    const queue = await api.get<SubmissionView[]>(apiRoutes.trainer.reviews);
    const next = queue.find((s) => s.id !== submission.id);
    return next ? `/staff/reviews/${next.id}` : "/staff/reviews?done=1";
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
        {submission.studentName || "Unnamed student"} · {submission.projectTitle} · attempt {submission.attempt} · handed in{" "}
        {formatDate(submission.submittedAt)} ({formatAge(submission.submittedAt)})
      </p>
      <div className="review-layout">
        <div className="stack">
          <WorkInPlace submission={submission} />
          {awaiting ? (
            <section className="card" aria-labelledby="decision-title">
              <h2 id="decision-title">Your decision</h2>
              <SubmitForm action={decision} send={decide} onDone={(path) => router.push(path)}>
                {submission.rubric.length ? <Checklist submission={submission} error={decision.fieldErrors.rubricMet} /> : null}
                <TextArea label="Feedback for the student (required to request a revision)" name="feedback" rows={5} />
                <p className="actions">
                  <SubmitButton name="decision" value="approve">
                    Approve
                  </SubmitButton>
                  <SubmitButton name="decision" value="approve-next">
                    Approve &amp; next
                  </SubmitButton>
                  <SubmitButton name="decision" value="revision" className="secondary">
                    Request revision
                  </SubmitButton>
                </p>
              </SubmitForm>
            </section>
          ) : (
            <p className="muted">This submission is not waiting for a review.</p>
          )}
        </div>
        <div className="stack">
          <AttemptHistory submissionId={submission.id} />
          <MessageThread submissionId={submission.id} placeholder="A question or a hint for the student" />
        </div>
      </div>
    </article>
  );
}

/**
 * The deliverable's checklist; each tick is saved as it is clicked (and shown again after a
 * reload), and the decision sends the ticks on screen. The boxes are there at once and can be
 * ticked once the saved ticks are read (a tick before that would be overwritten by them).
 */
function Checklist({ submission, error }: { submission: SubmissionView; error?: string[] }) {
  const attempts = useApiData<AttemptView[]>(apiRoutes.submissionWork.attempts(submission.id));
  const tick = useAction();
  const [met, setMet] = useState<boolean[] | null>(null);
  const saved = attempts.data?.find((a) => a.number === submission.attempt)?.rubric;
  const settled = attempts.data !== undefined || !!attempts.error;
  useEffect(() => {
    if (met !== null || !settled) return;
    setMet(submission.rubric.map((item) => (saved ?? []).some((check) => check.item === item && check.met)));
  }, [met, settled, saved, submission.rubric]);

  async function onTick(position: number, checked: boolean) {
    setMet((current) => current?.map((value, i) => (i === position ? checked : value)) ?? null);
    const outcome = await tick.run(async () => {
      // Ticking needs an opened review; opening is idempotent, so a tick racing the page's own start is safe.
      if (!submission.reviewStartedAt) await api.post(apiRoutes.submissionWork.startReview(submission.id));
      return api.put<RubricCheckView[]>(apiRoutes.trainer.rubricTick(submission.id, position), { met: checked } satisfies RubricTickRequest);
    }, "Checklist saved.");
    // Not saved: the box shows what is stored.
    if (!outcome.ok) setMet((current) => current?.map((value, i) => (i === position ? !checked : value)) ?? null);
  }

  return (
    <fieldset className="field">
      <legend>Checklist (every item is needed to approve; each tick is saved)</legend>
      {submission.rubric.map((item, i) => (
        <label key={item} className="choice">
          <input
            type="checkbox"
            name={`rubric-${i}`}
            checked={met?.[i] ?? false}
            disabled={met === null}
            onChange={(event) => onTick(i, event.target.checked)}
          />{" "}
          {item}
        </label>
      ))}
      {attempts.error ? <p className="muted">The saved ticks could not be read; tick the items again.</p> : null}
      <ActionStatus state={tick} />
      {error ? <p className="field-error">{error.join(" ")}</p> : null}
    </fieldset>
  );
}
