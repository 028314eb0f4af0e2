"use client";

import { ActionStatus } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import { STAFF } from "@/lib/roles";
import type { AssignTrainerRequest, EnrollmentAdminView, EnrollmentPage, TrackTrainerView } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function UnassignedPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Students without a trainer</h1>
      <Unassigned />
    </RequireRole>
  );
}

function Unassigned() {
  const enrollments = useApiData<EnrollmentPage>(apiRoutes.admin.unassignedEnrollments);
  return (
    <Loaded state={enrollments}>
      {(data) =>
        data.items.length === 0 ? (
          <Empty>Every enrolled student has a trainer.</Empty>
        ) : (
          <ul className="stack" aria-label="Unassigned enrollments">
            {data.items.map((enrollment) => (
              <li key={enrollment.id} className="card">
                <AssignTrainer enrollment={enrollment} onAssigned={enrollments.reload} />
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

function AssignTrainer({ enrollment, onAssigned }: { enrollment: EnrollmentAdminView; onAssigned: () => void }) {
  const trainers = useApiData<TrackTrainerView[]>(apiRoutes.admin.trackTrainers(enrollment.trackCode));
  const assign = useAction();
  const selectId = `trainer-${enrollment.id}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trainerId = String(new FormData(event.currentTarget).get("trainerId") ?? "");
    const outcome = await assign.run(async () => {
      if (!trainerId) throw invalidField("trainerId", "Choose a trainer.");
      await api.put(apiRoutes.admin.enrollmentTrainer(enrollment.id), { trainerId } satisfies AssignTrainerRequest);
    });
    if (outcome.ok) onAssigned();
  }

  return (
    <form onSubmit={onSubmit} className="toolbar">
      <div>
        <strong>{enrollment.studentName}</strong> <span className="muted">{enrollment.studentEmail}</span>
        <br />
        Track {enrollment.trackCode} · enrolled {formatDate(enrollment.createdAt)}
      </div>
      <Loaded state={trainers} label="Loading trainers…">
        {(list) =>
          list.length === 0 ? (
            <p className="empty">No trainer takes {enrollment.trackCode} students yet (add one on the Users page).</p>
          ) : (
            <>
              <div className="field">
                <label htmlFor={selectId}>Trainer</label>
                <select id={selectId} name="trainerId" defaultValue="">
                  <option value="" disabled>
                    Choose…
                  </option>
                  {list.map((t) => (
                    <option key={t.trainerId} value={t.trainerId} disabled={t.students >= t.capacity}>
                      {t.fullName} ({t.students}/{t.capacity})
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={assign.pending}>
                Assign
              </button>
            </>
          )
        }
      </Loaded>
      <ActionStatus state={assign} />
    </form>
  );
}
