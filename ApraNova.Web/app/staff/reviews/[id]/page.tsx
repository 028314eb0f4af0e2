"use client";

import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, TextArea } from "@/components/Form";
import { RequireRole, TRAINER } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { ErrorMessage, Loading } from "@/components/Status";
import { api } from "@/lib/api";
import { downloadFile } from "@/lib/files";
import { ApiError } from "@/lib/problem";
import { formatBytes, formatDate, type Submission } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";
import { useSubmit } from "@/lib/useSubmit";

export default function ReviewPage() {
  return (
    <RequireRole roles={TRAINER}>
      <Review />
    </RequireRole>
  );
}

function Review() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const { data, error, loading, reload } = useApiData<Submission>(`/api/submissions/${encodeURIComponent(id)}`);
  const submit = useSubmit();
  const [downloadError, setDownloadError] = useState<string | null>(null);

  if (loading) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;
  const awaiting = data.status === "submitted" || data.status === "resubmitted";

  async function decide(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === "approve" ? "approve" : "request-revision";
    const feedback = String(new FormData(event.currentTarget).get("feedback") ?? "").trim();
    const done = await submit.run(async () => {
      await api.post(`/api/trainers/submissions/${data!.id}/${decision}`, { feedback: feedback || null });
      return true;
    });
    if (done) router.push("/staff/reviews");
  }

  async function download() {
    setDownloadError(null);
    try {
      await downloadFile(data!.file!);
    } catch (failure) {
      setDownloadError(failure instanceof ApiError ? failure.message : "The download failed.");
    }
  }

  return (
    <article>
      <p>
        <Link href="/staff/reviews">← Review queue</Link>
      </p>
      <h1>
        {data.deliverableTitle} <SubmissionBadge status={data.status} />
      </h1>
      <p>
        {data.studentName || "Unnamed student"} · {data.projectTitle} · attempt {data.attempt} · submitted {formatDate(data.submittedAt)}
      </p>
      <section className="card" aria-labelledby="work-title">
        <h2 id="work-title">The work</h2>
        {data.url ? (
          <p>
            <a href={data.url} target="_blank" rel="noopener noreferrer">
              {data.url}
            </a>
          </p>
        ) : null}
        {data.text ? <pre className="deliverable">{data.text}</pre> : null}
        {data.file ? (
          <p>
            {data.file.name} <span className="muted">({formatBytes(data.file.sizeBytes)}, {data.file.contentType})</span>{" "}
            <button type="button" className="secondary" onClick={download}>
              Download
            </button>
          </p>
        ) : null}
        {downloadError ? (
          <p className="alert alert-error" role="alert">
            {downloadError}
          </p>
        ) : null}
      </section>
      {data.feedback ? (
        <p className="alert alert-info">
          <strong>Previous feedback:</strong> {data.feedback}
        </p>
      ) : null}
      {awaiting ? (
        <form className="form" onSubmit={decide} noValidate>
          <h2>Your decision</h2>
          <FormAlert message={submit.message} errors={submit.fieldErrors} />
          <TextArea label="Feedback for the student (required to request a revision)" name="feedback" rows={5} errors={submit.fieldErrors} />
          <p className="actions">
            <button type="submit" name="decision" value="approve" disabled={!submit.ready || submit.pending}>
              Approve
            </button>
            <button type="submit" name="decision" value="revision" className="secondary" disabled={!submit.ready || submit.pending}>
              Request revision
            </button>
          </p>
        </form>
      ) : (
        <p className="muted">This submission is not waiting for a review.</p>
      )}
    </article>
  );
}
