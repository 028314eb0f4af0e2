import { PROJECT_STATE_LABEL, SUBMISSION_STATUS_LABEL, statusTone, type ProjectState, type SubmissionStatus } from "@/lib/types";

export function SubmissionBadge({ status }: { status: SubmissionStatus }) {
  return <span className={`badge ${statusTone(status)}`}>{SUBMISSION_STATUS_LABEL[status] ?? status}</span>;
}

export function ProjectBadge({ state }: { state: ProjectState }) {
  const tone = state === "approved" ? "ok" : state === "locked" ? "" : "warn";
  return (
    <span className={`badge ${tone}`}>
      {PROJECT_STATE_LABEL[state] ?? state}
    </span>
  );
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress-wrap">
      <progress className="progress" max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}
