"use client";

import Link from "next/link";
import { useState } from "react";
import { RequireRole } from "@/components/RequireRole";
import { SubmissionBadge } from "@/components/StatusBadge";
import { Empty, Loaded } from "@/components/Status";
import { buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatAge, formatDate } from "@/lib/format";
import { TRAINER_OR_STAFF } from "@/lib/roles";
import type { SubmissionView, TrackSummary } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function ReviewQueuePage() {
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <h1>Review queue</h1>
      <p className="muted">Oldest submissions first.</p>
      <ReviewQueue />
    </RequireRole>
  );
}

function ReviewQueue() {
  const [track, setTrack] = useState("");
  const [status, setStatus] = useState("");
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);
  const queue = useApiData<SubmissionView[]>(buildUrl(apiRoutes.trainer.reviews, { track, status }));
  return (
    <>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="queue-track">Track</label>
          <select id="queue-track" value={track} onChange={(e) => setTrack(e.currentTarget.value)}>
            <option value="">All tracks</option>
            {(tracks.data ?? []).map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-status">Attempt</label>
          <select id="queue-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">All</option>
            <option value="submitted">First attempts</option>
            <option value="resubmitted">Resubmissions</option>
          </select>
        </div>
      </form>
      <Loaded state={queue}>
        {(data) =>
          data.length === 0 ? (
            <Empty>Nothing is waiting for review.</Empty>
          ) : (
            <>
              <p role="status">
                {data.length} waiting{data.length >= 200 ? " (the oldest 200 are shown)" : ""}.
              </p>
              <ul className="queue">
                {data.map((s) => (
                  <li key={s.id} className="card">
                    <div className="who">
                      <strong>{s.studentName || "Unnamed student"}</strong>
                      <br />
                      {s.projectTitle} — {s.deliverableTitle}
                      <br />
                      <span className="muted">
                        <time dateTime={s.submittedAt} title={formatDate(s.submittedAt)}>
                          waiting {formatAge(s.submittedAt).replace(" ago", "")}
                        </time>
                        {s.attempt > 1 ? ` · attempt ${s.attempt}` : ""}
                        {s.reviewStartedAt ? " · opened" : ""}
                      </span>{" "}
                      <SubmissionBadge status={s.status} />
                    </div>
                    <Link className="button" href={`/staff/reviews/${s.id}`} aria-label={`Review ${s.deliverableTitle} by ${s.studentName || "unnamed student"}`}>
                      Review
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loaded>
    </>
  );
}
