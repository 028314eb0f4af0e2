import type { Metadata } from "next";
import Link from "next/link";
import { serverGet } from "@/lib/serverApi";
import { formatPrice, type TrackSummary } from "@/lib/types";

export const metadata: Metadata = { title: "Tracks and prices" };
// Prices change (admins edit them): render per request, never at build time (the build is offline).
export const dynamic = "force-dynamic";

export default async function TracksPage() {
  const result = await serverGet<TrackSummary[]>("/api/tracks");
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
              {track.projects?.length ? (
                <>
                  <h3>Projects</h3>
                  <ol>
                    {track.projects.map((project) => (
                      <li key={project.id ?? project.title}>{project.title}</li>
                    ))}
                  </ol>
                </>
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
