"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { apiRoutes } from "@/lib/apiRoutes";
import { STAFF } from "@/lib/roles";
import type { TrackSummary } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function CurriculumPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Curriculum</h1>
      <p className="muted">Choose a track to edit what trainers check on each deliverable and which files students may hand in.</p>
      <TrackList />
    </RequireRole>
  );
}

function TrackList() {
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);
  return (
    <Loaded state={tracks}>
      {(list) =>
        list.length === 0 ? (
          <Empty>No tracks yet.</Empty>
        ) : (
          <ul className="stack" aria-label="Tracks">
            {list.map((track) => (
              <li key={track.code} className="card">
                <h2 className="card-title">
                  <Link href={`/staff/tracks/${encodeURIComponent(track.code)}`}>{track.name}</Link>
                </h2>
                <p className="muted">
                  {track.code} · {track.projectCount} projects
                </p>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
