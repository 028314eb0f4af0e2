"use client";

import Link from "next/link";
import { RequireRole, STUDENT } from "@/components/RequireRole";
import { ProgressBar, ProjectBadge, SubmissionBadge } from "@/components/StatusBadge";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { ApiError } from "@/lib/problem";
import { formatDate, type Dashboard } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function DashboardPage() {
  return (
    <RequireRole roles={STUDENT}>
      <StudentDashboard />
    </RequireRole>
  );
}

function StudentDashboard() {
  const { data, error, loading, reload } = useApiData<Dashboard>("/api/dashboard");

  if (loading) return <Loading label="Loading your dashboard…" />;
  if (error instanceof ApiError && error.status === 403) {
    return (
      <>
        <h1>Your dashboard</h1>
        <div className="card">
          <p>You are not enrolled in a track yet.</p>
          <p>
            <Link className="button" href="/tracks">
              Choose a track
            </Link>
          </p>
        </div>
      </>
    );
  }
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;

  return (
    <>
      <h1>{data.track.name}</h1>
      <div className="cards">
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <ProgressBar percent={data.progress.percent} label="Track progress" />
          <p>
            {data.progress.projectsApproved} of {data.progress.projectsTotal} projects approved.
          </p>
        </section>
        <section className="card" aria-labelledby="trainer-title">
          <h2 id="trainer-title">Your trainer</h2>
          {data.trainer ? (
            <p>
              {data.trainer.fullName}
              <br />
              <a href={`mailto:${data.trainer.email}`}>{data.trainer.email}</a>
            </p>
          ) : (
            <p className="empty">A trainer will be assigned to you soon.</p>
          )}
        </section>
        <section className="card" aria-labelledby="current-title">
          <h2 id="current-title">Current project</h2>
          {data.currentProject ? (
            <>
              <p>
                <Link href={`/projects/${data.currentProject.projectId}`}>
                  {data.currentProject.position}. {data.currentProject.title}
                </Link>
              </p>
              <ProgressBar percent={data.currentProject.percent} label="Current project progress" />
            </>
          ) : (
            <p>All projects are approved. Congratulations!</p>
          )}
        </section>
      </div>

      <h2>Projects</h2>
      <ol className="project-list">
        {data.progress.projects.map((project) => (
          <li key={project.projectId} className={project.state === "locked" ? "locked" : undefined}>
            <Link href={`/projects/${project.projectId}`}>{project.title}</Link> <ProjectBadge state={project.state} />{" "}
            <span className="muted">
              {project.stepsDone}/{project.stepsTotal} steps, {project.deliverablesApproved}/{project.deliverablesTotal} deliverables approved
            </span>
          </li>
        ))}
      </ol>

      <h2>Recent submissions</h2>
      {data.recentSubmissions.length === 0 ? (
        <Empty>No submissions yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Deliverable</th>
                <th scope="col">Project</th>
                <th scope="col">State</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {data.recentSubmissions.map((s) => (
                <tr key={s.id}>
                  <td>{s.deliverableTitle}</td>
                  <td>
                    <Link href={`/projects/${s.projectId}`}>{s.projectTitle}</Link>
                  </td>
                  <td>
                    <SubmissionBadge status={s.status} />
                  </td>
                  <td>{formatDate(s.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link href="/submissions">All submissions</Link>
      </p>
    </>
  );
}
