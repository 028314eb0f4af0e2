import type { ProjectState, SubmissionStatus } from "@/lib/types";

const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus, string> = {
  submitted: "Waiting for review",
  revisionRequested: "Revision requested",
  resubmitted: "Resubmitted, waiting for review",
  approved: "Approved",
};

const PROJECT_STATE_LABEL: Record<ProjectState, string> = {
  locked: "Locked",
  inProgress: "In progress",
  approved: "Approved",
};

export function SubmissionBadge({ status }: { status: SubmissionStatus }) {
  const tone = status === "approved" ? "ok" : status === "revisionRequested" ? "warn" : "";
  return <span className={`badge ${tone}`}>{SUBMISSION_STATUS_LABEL[status] ?? status}</span>;
}

export function ProjectBadge({ state }: { state: ProjectState }) {
  const tone = state === "approved" ? "ok" : state === "locked" ? "" : "warn";
  return <span className={`badge ${tone}`}>{PROJECT_STATE_LABEL[state] ?? state}</span>;
}

export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress-wrap">
      <progress className="progress" max={100} value={percent} aria-label={label} />
      <span>{percent}%</span>
    </div>
  );
}
