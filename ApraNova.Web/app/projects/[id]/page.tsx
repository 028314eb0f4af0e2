"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { RequireRole } from "@/components/RequireRole";
import { ProgressBar, ProjectBadge } from "@/components/StatusBadge";
import { Loaded } from "@/components/Status";
import { DeliverableCard } from "@/components/student/DeliverableCard";
import { StepList } from "@/components/student/StepList";
import { apiRoutes } from "@/lib/apiRoutes";
import { ApiError } from "@/lib/problem";
import { STUDENT } from "@/lib/roles";
import type { LearningTrackView } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function ProjectPage() {
  return (
    <RequireRole roles={STUDENT}>
      <ProjectOfTrack />
    </RequireRole>
  );
}

function ProjectOfTrack() {
  const { id } = useParams<{ id: string }>();
  const learning = useApiData<LearningTrackView>(apiRoutes.learning.track);

  if (learning.error instanceof ApiError && learning.error.status === 403) {
    return (
      <div className="card">
        <p>Projects open once you are enrolled in a track.</p>
        <Link href="/tracks">Choose a track</Link>
      </div>
    );
  }
  return (
    <Loaded state={learning} label="Loading the project…">
      {(data) => <Project track={data} projectId={id} onChanged={learning.reload} />}
    </Loaded>
  );
}

function Project({ track, projectId, onChanged }: { track: LearningTrackView; projectId: string; onChanged: () => void }) {
  const project = track.projects.find((p) => p.id === projectId);
  if (!project) {
    return (
      <div className="alert alert-error" role="alert">
        <p>There is no such project in your track.</p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </div>
    );
  }
  return <ProjectDetail key={project.id} track={track} project={project} onChanged={onChanged} />;
}

type ProjectOfView = LearningTrackView["projects"][number];

/** A project's percentage as the api counts it: ticked steps and approved deliverables, 100 once approved. */
function percentOf(project: ProjectOfView, stepsDone: number): number {
  if (project.state === "approved") return 100;
  const units = project.steps.length + project.deliverables.length;
  const approved = project.deliverables.filter((d) => d.submission?.status === "approved").length;
  return units === 0 ? 0 : Math.floor((100 * Math.min(stepsDone + approved, units)) / units);
}

function ProjectDetail({ track, project, onChanged }: { track: LearningTrackView; project: ProjectOfView; onChanged: () => void }) {
  const [stepsDone, setStepsDone] = useState(() => project.steps.filter((s) => s.done).length);
  const locked = project.state === "locked";
  const readOnly = locked || track.enrollmentStatus !== "active";

  return (
    <article>
      <p>
        <Link href="/dashboard">← {track.trackName}</Link>
      </p>
      <h1>
        {project.position}. {project.title}
      </h1>
      <p>
        <ProjectBadge state={project.state} />
      </p>
      <ProgressBar percent={percentOf(project, stepsDone)} label="Project progress" />
      <p>{project.summary}</p>
      {locked ? (
        <p className="alert alert-info" role="note">
          This project is locked. It unlocks when your trainer approves the previous project. You can read it now.
        </p>
      ) : null}

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        <StepList steps={project.steps} readOnly={readOnly} onDoneChange={setStepsDone} />
      </section>

      <section aria-labelledby="deliverables-title">
        <h2 id="deliverables-title">Deliverables</h2>
        <div className="stack">
          {project.deliverables.map((deliverable) => (
            <DeliverableCard key={deliverable.id} deliverable={deliverable} readOnly={readOnly} onChanged={onChanged} />
          ))}
        </div>
      </section>
    </article>
  );
}
