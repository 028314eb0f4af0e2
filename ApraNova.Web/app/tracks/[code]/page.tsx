import Link from "next/link";
import { notFound } from "next/navigation";
import { serverGet } from "@/lib/serverApi";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatPrice } from "@/lib/format";
import type { TrackDetail } from "@/lib/types";

export const dynamic = "force-dynamic";

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
  return (
    <article>
      <p>
        <Link href="/tracks">← All tracks</Link>
      </p>
      <h1>{track.name}</h1>
      <p className="price">
        {formatPrice(track.priceCents, track.currency)} <span className="muted">one-time</span>
      </p>
      <p>{track.description}</p>
      <h2>Projects</h2>
      {track.projects?.length ? (
        <ol className="project-list">
          {track.projects.map((project) => (
            <li key={project.id}>
              <h3>{project.title}</h3>
              {project.summary ? <p>{project.summary}</p> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">Projects will be announced soon.</p>
      )}
      <p>
        <Link className="button" href={`/checkout?track=${encodeURIComponent(track.code)}`}>
          Enroll in {track.name}
        </Link>
      </p>
    </article>
  );
}
