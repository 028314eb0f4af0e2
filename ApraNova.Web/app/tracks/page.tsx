import type { Metadata } from "next";
import Link from "next/link";
import { serverGet } from "@/lib/serverApi";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatPrice } from "@/lib/format";
import type { TrackDetail, TrackSummary } from "@/lib/types";

export const metadata: Metadata = { title: "Tracks and prices" };
// Prices change (admins edit them): render per request, never at build time (the build is offline).
export const dynamic = "force-dynamic";

export default async function TracksPage() {
  const result = await serverGet<TrackSummary[]>(apiRoutes.tracks);
  // Two or three tracks: their outlines (cached by the api) come in parallel to list the projects.
  const details = result.ok
    ? await Promise.all(result.data.map((t) => serverGet<TrackDetail>(apiRoutes.track(t.code))))
    : [];
  const projectsOf = (code: string) => {
    const found = details.find((d) => d.ok && d.data.code === code);
    return found && found.ok ? found.data.projects : [];
  };
  return (
    <>
      <h1>Tracks and prices</h1>
      {!result.ok ? (
        <div className="alert alert-error" role="alert">
          <p>The tracks could not be loaded right now. Please try again in a moment.</p>
        </div>
      ) : result.data.length === 0 ? (
        <p className="empty">No tracks are open yet.</p>
      ) : (
        <ul className="cards">
          {result.data.map((track) => (
            <li key={track.code} className="card">
              <h2>{track.name}</h2>
              <p className="price">
                {formatPrice(track.priceCents, track.currency)} <span className="muted">one-time</span>
              </p>
              <p>{track.description}</p>
              <h3>{track.projectCount} projects</h3>
              {projectsOf(track.code).length ? (
                <ol>
                  {projectsOf(track.code).map((project) => (
                    <li key={project.id}>{project.title}</li>
                  ))}
                </ol>
              ) : null}
              <p className="actions">
                <Link className="button" href={`/checkout?track=${encodeURIComponent(track.code)}`}>
                  Enroll in {track.name}
                </Link>
                <Link href={`/tracks/${encodeURIComponent(track.code)}`}>Details</Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
