"use client";

import { formatBytes } from "@/lib/format";
import { downloadFile } from "@/lib/files";
import type { RubricCheckView, SubmittedFileView } from "@/lib/types";
import { useAction } from "@/lib/useAction";

/** What a student handed in: the link, the text, or the file with a download button. */
export function HandedIn({
  url,
  text,
  file,
  label = "You handed in:",
}: {
  url?: string | null;
  text?: string | null;
  file?: SubmittedFileView | null;
  label?: string;
}) {
  const download = useAction();
  if (!url && !text && !file) return null;
  return (
    <div className="handed-in">
      <strong>{label}</strong>{" "}
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer">
          {url}
        </a>
      ) : null}
      {text ? <pre>{text}</pre> : null}
      {file ? (
        <>
          {file.name} <span className="muted">({formatBytes(file.sizeBytes)})</span>{" "}
          <button type="button" className="secondary" disabled={download.pending} onClick={() => download.run(() => downloadFile(file))}>
            Download<span className="visually-hidden"> {file.name}</span>
          </button>
          {download.error ? (
            <span className="field-error" role="alert">
              {" "}
              {download.error}
            </span>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** The rubric as the trainer ticked it (met or not), or what they will check when nothing is ticked yet. */
export function Rubric({ items, checks, title }: { items: readonly string[]; checks?: readonly RubricCheckView[] | null; title: string }) {
  if (checks && checks.length > 0)
    return (
      <div>
        <strong>{title}</strong>
        <ul className="rubric">
          {checks.map((c) => (
            <li key={c.item}>
              <span className={c.met ? "met" : "unmet"} aria-hidden="true">
                {c.met ? "✓" : "✗"}
              </span>
              <span>
                {c.item} <span className="visually-hidden">{c.met ? "(met)" : "(not met)"}</span>
              </span>
            </li>
          ))}
        </ul>
      </div>
    );
  if (items.length === 0) return null;
  return (
    <div>
      <strong>{title}</strong>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
