"use client";

import { useEffect, useState } from "react";
import { ErrorMessage, Loading } from "@/components/Status";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFile, fetchObjectUrl } from "@/lib/files";
import { formatBytes } from "@/lib/format";
import type { FilePreviewView, ReadmeView, SubmissionView } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

/** The work itself, shown where the reviewer decides: images and PDFs inline, Markdown and text rendered, a repository's README. */
export function WorkInPlace({ submission }: { submission: SubmissionView }) {
  const download = useAction();
  const file = submission.file;
  return (
    <section className="card" aria-labelledby="work-title">
      <h2 id="work-title">The work</h2>
      {submission.url ? (
        <p>
          <a href={submission.url} target="_blank" rel="noopener noreferrer">
            {submission.url}
          </a>
        </p>
      ) : null}
      {submission.kind === "github" && submission.url ? <Readme submissionId={submission.id} /> : null}
      {submission.text ? <pre className="deliverable">{submission.text}</pre> : null}
      {file ? (
        <>
          <p>
            {file.name} <span className="muted">({formatBytes(file.sizeBytes)}, {file.contentType})</span>{" "}
            <button type="button" className="secondary" disabled={download.pending} onClick={() => download.run(() => downloadFile(file))}>
              Download
            </button>
          </p>
          {download.error ? (
            <p className="alert alert-error" role="alert">
              {download.error}
            </p>
          ) : null}
          <FilePreview submission={submission} />
        </>
      ) : null}
    </section>
  );
}

function FilePreview({ submission }: { submission: SubmissionView }) {
  const type = submission.file?.contentType ?? "";
  if (type === "image/png" || type === "image/jpeg" || type === "application/pdf") return <Inline submission={submission} />;
  if (type === "text/markdown" || type === "text/plain" || type === "text/csv") return <Rendered submissionId={submission.id} />;
  return <p className="muted">This type of file is not shown here; download it to open it.</p>;
}

/** Images and PDFs, fetched with the session's token and shown from an object URL. */
function Inline({ submission }: { submission: SubmissionView }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    let created: string | null = null;
    fetchObjectUrl(apiRoutes.submissionWork.content(submission.id), controller.signal)
      .then((u) => {
        created = u;
        setUrl(u);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      });
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [submission.id]);
  if (error) return <ErrorMessage error={error} />;
  if (!url) return <Loading label="Loading the file…" />;
  const name = submission.file?.name ?? "the file";
  return submission.file?.contentType === "application/pdf" ? (
    <object className="preview-pdf" data={url} type="application/pdf" aria-label={`PDF: ${name}`}>
      <p>
        Your browser cannot show PDFs here. <a href={url} download={name}>Download {name}</a>.
      </p>
    </object>
  ) : (
    <img className="preview-image" src={url} alt={`Image handed in: ${name}`} />
  );
}

function Rendered({ submissionId }: { submissionId: string }) {
  const preview = useApiData<FilePreviewView>(apiRoutes.submissionWork.preview(submissionId));
  if (preview.error) return <ErrorMessage error={preview.error} />;
  if (!preview.data) return <Loading label="Rendering the file…" />;
  return (
    <div className="handed-in">
      <div className="prose" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
      {preview.data.truncated ? <p className="muted">Only the beginning is shown; download the file for the rest.</p> : null}
    </div>
  );
}

function Readme({ submissionId }: { submissionId: string }) {
  const readme = useApiData<ReadmeView>(apiRoutes.submissionWork.readme(submissionId));
  if (readme.error) return null;
  if (!readme.data) return <Loading label="Fetching the repository's README…" />;
  if (!readme.data.available) return <p className="muted">README: {readme.data.message}</p>;
  return (
    <details open className="handed-in">
      <summary>README</summary>
      <div className="prose" dangerouslySetInnerHTML={{ __html: readme.data.html ?? "" }} />
    </details>
  );
}
