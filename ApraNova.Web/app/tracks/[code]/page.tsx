import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { serverGet } from "@/lib/serverApi";
import { apiRoutes } from "@/lib/apiRoutes";
import { FAQ, REFUND_POLICY } from "@/lib/content/policies";
import { formatPrice } from "@/lib/format";
import type { TrackDetail } from "@/lib/types";

export const dynamic = "force-dynamic";

const KIND_LABEL: Record<string, string> = { link: "a link", github: "a GitHub repository", file: "a file", text: "a write-up" };

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const { code } = await params;
  const result = await serverGet<TrackDetail>(apiRoutes.track(code));
  return result.ok ? { title: result.data.name, description: result.data.description } : { title: "Track" };
}

export default async function TrackPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const result = await serverGet<TrackDetail>(apiRoutes.track(code));
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        <p>This track could not be loaded right now. Please try again in a moment.</p>
      </div>
    );
  }
  const track = result.data;
  const enroll = (
    <Link className="button" href={`/checkout?track=${encodeURIComponent(track.code)}`}>
      Enroll in {track.name}
    </Link>
  );
  const steps = track.projects.reduce((n, p) => n + p.steps.length, 0);
  const deliverables = track.projects.reduce((n, p) => n + p.deliverables.length, 0);
  return (
    <article>
      <p>
        <Link href="/tracks">← All tracks</Link>
      </p>
      <h1>{track.name}</h1>
      <p className="lead">{track.description}</p>
      <p className="price">
        {formatPrice(track.priceCents, track.currency)} <span className="muted">one-time, no subscription</span>
      </p>
      <p className="actions">{enroll}</p>

      <ul className="facts" aria-label="At a glance">
        <li>
          <strong>Level</strong> {track.level || "All levels"}
        </li>
        <li>
          <strong>Effort</strong> {track.effort || "At your own pace"}
        </li>
        <li>
          <strong>Syllabus</strong> {track.projects.length} projects, {steps} guided steps, {deliverables} reviewed deliverables
        </li>
        <li>
          <strong>Review</strong> A personal trainer reviews every deliverable
        </li>
      </ul>

      {track.prerequisites.length ? (
        <section aria-labelledby="prerequisites-title">
          <h2 id="prerequisites-title">Before you start</h2>
          <ul>
            {track.prerequisites.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="syllabus-title" className="syllabus">
        <h2 id="syllabus-title">Syllabus</h2>
        {track.projects.length === 0 ? <p className="empty">Projects will be announced soon.</p> : null}
        {track.projects.map((project) => (
          <details key={project.id} open={project.position === 1}>
            <summary>
              Project {project.position}: {project.title}
            </summary>
            {project.summary ? <p>{project.summary}</p> : null}
            <h3>Steps</h3>
            <ol>
              {project.steps.map((s) => (
                <li key={s.id}>{s.title}</li>
              ))}
            </ol>
            <h3>What you hand in, and what your trainer checks</h3>
            <ul>
              {project.deliverables.map((d) => (
                <li key={d.id}>
                  <strong>{d.title}</strong> ({KIND_LABEL[d.kind] ?? d.kind}
                  {d.acceptedFileTypes.length ? `: ${d.acceptedFileTypes.join(", ")}` : ""})
                  {d.rubric.length ? (
                    <ul>
                      {d.rubric.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </details>
        ))}
      </section>

      <section aria-labelledby="refunds-title">
        <h2 id="refunds-title">Refund policy</h2>
        <ul>
          {REFUND_POLICY.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="faq-title">
        <h2 id="faq-title">Questions</h2>
        {FAQ.map((item) => (
          <details key={item.question} className="card" style={{ marginBottom: "0.5rem" }}>
            <summary>{item.question}</summary>
            <p>{item.answer}</p>
          </details>
        ))}
      </section>

      <p className="actions">{enroll}</p>
    </article>
  );
}
