"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole, STUDENT } from "@/components/RequireRole";
import { ProgressBar, ProjectBadge } from "@/components/StatusBadge";
import { ErrorMessage, Loading } from "@/components/Status";
import { DeliverableCard } from "@/components/student/DeliverableCard";
import { StepList } from "@/components/student/StepList";
import { ApiError } from "@/lib/problem";
import type { LearningTrack } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function ProjectPage() {
  return (
    <RequireRole roles={STUDENT}>
      <Project />
    </RequireRole>
  );
}

function Project() {
  const { id } = useParams<{ id: string }>();
  const { data, error, loading, reload } = useApiData<LearningTrack>("/api/learning");

  if (loading && !data) return <Loading label="Loading the project…" />;
  if (error instanceof ApiError && error.status === 403) {
    return (
      <div className="card">
        <p>Projects open once you are enrolled in a track.</p>
        <Link href="/tracks">Choose a track</Link>
      </div>
    );
  }
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;

  const project = data.projects.find((p) => p.id === id);
  if (!project) {
    return (
      <div className="alert alert-error" role="alert">
        <p>There is no such project in your track.</p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </div>
    );
  }
  const locked = project.state === "locked";
  const readOnly = locked || data.enrollmentStatus !== "active";

  return (
    <article>
      <p>
        <Link href="/dashboard">← {data.trackName}</Link>
      </p>
      <h1>
        {project.position}. {project.title}
      </h1>
      <p>
        <ProjectBadge state={project.state} />
      </p>
      <ProgressBar percent={project.percent} label="Project progress" />
      <p>{project.summary}</p>
      {locked ? (
        <p className="alert alert-info" role="note">
          This project is locked. It unlocks when your trainer approves the previous project. You can read it now.
        </p>
      ) : null}

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        <StepList steps={project.steps} readOnly={readOnly} />
      </section>

      <section aria-labelledby="deliverables-title">
        <h2 id="deliverables-title">Deliverables</h2>
        <div className="stack">
          {project.deliverables.map((deliverable) => (
            <DeliverableCard key={deliverable.id} deliverable={deliverable} readOnly={readOnly} onChanged={reload} />
          ))}
        </div>
      </section>
    </article>
  );
}
