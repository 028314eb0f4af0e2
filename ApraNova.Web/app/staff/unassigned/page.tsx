"use client";

import { useState } from "react";
import { ADMIN, RequireRole } from "@/components/RequireRole";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { api } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import { formatDate, type EnrollmentAdminView, type Paged, type TrackTrainer } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function UnassignedPage() {
  return (
    <RequireRole roles={ADMIN}>
      <h1>Students without a trainer</h1>
      <Unassigned />
    </RequireRole>
  );
}

function Unassigned() {
  const { data, error, loading, reload } = useApiData<Paged<EnrollmentAdminView>>("/api/admin/enrollments/unassigned");
  if (loading) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} onRetry={reload} />;
  if (data.items.length === 0) return <Empty>Every enrolled student has a trainer.</Empty>;
  return (
    <ul className="stack" aria-label="Unassigned enrollments">
      {data.items.map((enrollment) => (
        <li key={enrollment.id} className="card">
          <AssignTrainer enrollment={enrollment} onAssigned={reload} />
        </li>
      ))}
    </ul>
  );
}

function AssignTrainer({ enrollment, onAssigned }: { enrollment: EnrollmentAdminView; onAssigned: () => void }) {
  const trainers = useApiData<TrackTrainer[]>(`/api/admin/tracks/${encodeURIComponent(enrollment.trackCode)}/trainers`);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const selectId = `trainer-${enrollment.id}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trainerId = String(new FormData(event.currentTarget).get("trainerId") ?? "");
    if (!trainerId) return setError("Choose a trainer.");
    setPending(true);
    setError(null);
    try {
      await api.put(`/api/admin/enrollments/${enrollment.id}/trainer`, { trainerId });
      onAssigned();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "The trainer could not be assigned.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="toolbar">
      <div>
        <strong>{enrollment.studentName}</strong> <span className="muted">{enrollment.studentEmail}</span>
        <br />
        Track {enrollment.trackCode} · enrolled {formatDate(enrollment.createdAt)}
      </div>
      {trainers.loading ? (
        <Loading label="Loading trainers…" />
      ) : trainers.error ? (
        <ErrorMessage error={trainers.error} onRetry={trainers.reload} />
      ) : (trainers.data ?? []).length === 0 ? (
        <p className="empty">No trainer takes {enrollment.trackCode} students yet (add one on the Users page).</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={selectId}>Trainer</label>
            <select id={selectId} name="trainerId" defaultValue="">
              <option value="" disabled>
                Choose…
              </option>
              {trainers.data!.map((t) => (
                <option key={t.trainerId} value={t.trainerId} disabled={t.students >= t.capacity}>
                  {t.fullName} ({t.students}/{t.capacity})
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={pending}>
            Assign
          </button>
        </>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
