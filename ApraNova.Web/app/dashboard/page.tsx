"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { ProgressBar, ProjectBadge, SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { ApiError } from "@/lib/problem";
import { STUDENT } from "@/lib/roles";
import type { CertificateView, DashboardView } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function DashboardPage() {
  return (
    <RequireRole roles={STUDENT}>
      <StudentDashboard />
    </RequireRole>
  );
}

function StudentDashboard() {
  const dashboard = useApiData<DashboardView>(apiRoutes.dashboard);

  if (dashboard.error instanceof ApiError && dashboard.error.status === 403) {
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
  // Until the data is there the page keeps the room it will take, so nothing below it jumps (CLS).
  if (dashboard.data === undefined && !dashboard.error)
    return (
      <div className="dashboard-loading">
        <Loaded state={dashboard} label="Loading your dashboard…">
          {() => null}
        </Loaded>
      </div>
    );
  return (
    <Loaded state={dashboard} label="Loading your dashboard…">
      {(data) => <Dashboard data={data} />}
    </Loaded>
  );
}

function Dashboard({ data }: { data: DashboardView }) {
  const completed = data.enrollmentStatus === "completed" || (data.progress.projectsTotal > 0 && data.progress.projectsApproved === data.progress.projectsTotal);
  const certificates = useApiData<CertificateView[]>(completed ? apiRoutes.certificates.mine : null);
  const certificate = certificates.data?.[0];
  return (
    <>
      <h1>{data.track.name}</h1>
      {completed ? (
        <section className="alert alert-ok" aria-labelledby="done-title">
          <h2 id="done-title" style={{ marginTop: 0 }}>
            You completed {data.track.name}
          </h2>
          {certificate ? (
            <p className="actions">
              <Link className="button" href={`/certificates/${certificate.id}`}>
                View your certificate
              </Link>
              <span>
                Verification code <strong>{certificate.verificationCode}</strong>
              </span>
            </p>
          ) : null}
          <p>
            Next step: share your certificate, and <Link href="/tracks">see the other tracks</Link>.
          </p>
        </section>
      ) : null}
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
        <Table columns={["Deliverable", "Project", "State", "Submitted"]}>
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
        </Table>
      )}
      <p>
        <Link href="/submissions">All submissions</Link>
      </p>
    </>
  );
}
