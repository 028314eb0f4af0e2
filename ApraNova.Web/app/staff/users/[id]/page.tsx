"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { ActionStatus, Field, SubmitButton, SubmitForm } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { TicketStateBadge } from "@/components/support/TicketLabels";
import { Table } from "@/components/Table";
import { api } from "@/lib/api";
import { downloadFrom } from "@/lib/download";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate, formatPrice } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import { ROLES, STAFF, type Role } from "@/lib/roles";
import type {
  AssignTrainerRequest,
  ChangeRoleRequest,
  ReceiptView,
  TrackSummary,
  TrackTrainerRequest,
  TrackTrainerView,
  UserDetailView,
  UserEnrollmentRow,
} from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function UserDetailPage() {
  return (
    <RequireRole roles={STAFF}>
      <p>
        <Link href="/staff/users">← Users</Link>
      </p>
      <UserDetail />
    </RequireRole>
  );
}

function UserDetail() {
  const { id } = useParams<{ id: string }>();
  const details = useApiData<UserDetailView>(apiRoutes.admin.userDetails(id));
  return (
    <Loaded state={details}>
      {(data) => (
        <>
          <h1>{data.user.fullName || data.user.email}</h1>
          <dl className="details-list card">
            <dt>Email</dt>
            <dd>
              {data.user.email} {data.emailConfirmed ? <span className="badge ok">confirmed</span> : <span className="badge">not confirmed</span>}
            </dd>
            <dt>Role</dt>
            <dd>
              <span className="badge">{data.user.role}</span>
            </dd>
            <dt>Joined</dt>
            <dd>{formatDate(data.user.createdAt)}</dd>
            <dt>Log-in</dt>
            <dd>
              {data.user.lockedOutUntil ? (
                <span className="badge error">locked until {formatDate(data.user.lockedOutUntil)}</span>
              ) : (
                <span className="badge ok">not locked</span>
              )}{" "}
              <span className="muted">{data.failedLogIns} failed attempt(s) since the last success</span>
            </dd>
            <dt>Last log-in</dt>
            <dd>{formatDate(data.lastLogInAt)}</dd>
            <dt>Last active</dt>
            <dd>{formatDate(data.lastActiveAt)}</dd>
            <dt>Open sessions</dt>
            <dd>{data.liveSessions}</dd>
            <dt>Activity</dt>
            <dd>
              <Link href={`/staff/audit?actor=${encodeURIComponent(data.user.email)}`}>What this user did (audit log)</Link>
            </dd>
          </dl>
          <ChangeRole details={data} onChanged={details.reload} />
          {data.user.role === "trainer" ? <TrainerTracks details={data} onChanged={details.reload} /> : null}
          <Enrollments rows={data.enrollments} onChanged={details.reload} />
          <section aria-labelledby="payments-title">
            <h2 id="payments-title">Payments</h2>
            {data.payments.length === 0 ? (
              <Empty>No payments.</Empty>
            ) : (
              <Table columns={["Created", "Track", "Amount", "State", "Paid", "Refunded", "Documents"]}>
                {data.payments.map((p) => (
                  <tr key={p.id}>
                    <td data-label="Created">{formatDate(p.createdAt)}</td>
                    <td data-label="Track">{p.trackCode}</td>
                    <td data-label="Amount">{formatPrice(p.amountCents, p.currency)}</td>
                    <td data-label="State">
                      <span className="badge">{p.state}</span>
                      {p.state === "paid" && p.refundRequestedAt ? <span className="badge warn">refund requested</span> : null}
                    </td>
                    <td data-label="Paid">{formatDate(p.paidAt)}</td>
                    <td data-label="Refunded">{formatDate(p.refundedAt)}</td>
                    <td data-label="Documents">
                      {p.receipts.length === 0 ? <span className="muted">—</span> : p.receipts.map((r) => <ReceiptButton key={r.id} receipt={r} />)}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </section>
          <section aria-labelledby="tickets-title">
            <h2 id="tickets-title">Support tickets</h2>
            {data.tickets.length === 0 ? (
              <Empty>No tickets.</Empty>
            ) : (
              <ul className="stack">
                {data.tickets.map((t) => (
                  <li key={t.id}>
                    <Link href={`/staff/support/${t.id}`}>{t.subject}</Link> <TicketStateBadge state={t.state} />{" "}
                    <span className="muted">{formatDate(t.createdAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Loaded>
  );
}

function ReceiptButton({ receipt }: { receipt: ReceiptView }) {
  const download = useAction();
  return (
    <>
      <button
        type="button"
        className="linklike"
        disabled={download.pending}
        onClick={() => download.run(() => downloadFrom(apiRoutes.receipts.pdf(receipt.id), `${receipt.number}.pdf`))}
      >
        {receipt.number}
      </button>{" "}
      <ActionStatus state={download} />
    </>
  );
}

const STAFF_ROLES: readonly Role[] = ["admin", "superadmin"];

/**
 * A role change is chosen, then confirmed: the page says what will change, and giving admin or
 * superadmin needs the user's email typed (the api refuses it otherwise).
 */
function ChangeRole({ details, onChanged }: { details: UserDetailView; onChanged: () => void }) {
  const auth = useAuth();
  const action = useAction();
  const [wanted, setWanted] = useState<Role | null>(null);
  const user = details.user;
  if (auth.user?.id === user.id)
    return <p className="muted">You cannot change your own role; ask another administrator.</p>;

  async function send(data: FormData) {
    if (!wanted) throw invalidField("role", "Choose a role.");
    const request: ChangeRoleRequest = { role: wanted, confirm: STAFF_ROLES.includes(wanted) ? String(data.get("confirm") ?? "") : null };
    if (STAFF_ROLES.includes(wanted) && request.confirm?.trim().toLowerCase() !== user.email.toLowerCase())
      throw invalidField("confirm", `Type ${user.email} to confirm.`);
    return api.put(apiRoutes.admin.userRole(user.id), request);
  }

  return (
    <section aria-labelledby="role-title" className="card">
      <h2 id="role-title">Role</h2>
      {wanted === null ? (
        <form
          className="toolbar"
          onSubmit={(event) => {
            event.preventDefault();
            const role = String(new FormData(event.currentTarget).get("role") ?? "") as Role;
            if (role && role !== user.role) setWanted(role);
          }}
        >
          <div className="field">
            <label htmlFor="new-role">New role</label>
            <select id="new-role" name="role" defaultValue={user.role}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Change role…
          </button>
          <ActionStatus state={action} />
        </form>
      ) : (
        <SubmitForm
          action={action}
          send={send}
          success={`Role changed to ${wanted}.`}
          onDone={() => {
            setWanted(null);
            onChanged();
          }}
        >
          <p className="alert alert-info">
            Change <strong>{user.email}</strong> from <strong>{user.role}</strong> to <strong>{wanted}</strong>? Their current sessions
            lose the old role at once.
            {STAFF_ROLES.includes(wanted) ? ` An ${wanted} can manage accounts, payments and refunds.` : null}
          </p>
          {STAFF_ROLES.includes(wanted) ? <Field label={`Type ${user.email} to confirm`} name="confirm" autoComplete="off" required /> : null}
          <p className="actions">
            <SubmitButton pendingLabel="Changing…">Confirm: make {wanted}</SubmitButton>
            <button type="button" className="secondary" onClick={() => setWanted(null)}>
              Cancel
            </button>
          </p>
        </SubmitForm>
      )}
    </section>
  );
}

function TrainerTracks({ details, onChanged }: { details: UserDetailView; onChanged: () => void }) {
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);
  const action = useAction();
  const trainerId = details.user.id;

  async function add(code: string) {
    const outcome = await action.run(
      () => api.post(apiRoutes.admin.trackTrainers(code), { trainerId } satisfies TrackTrainerRequest),
      `Now takes new ${code} students.`,
    );
    if (outcome.ok) onChanged();
  }
  async function remove(code: string) {
    if (!window.confirm(`Stop giving ${details.user.email} new ${code} students? Their current students stay with them.`)) return;
    const outcome = await action.run(() => api.delete(apiRoutes.admin.trackTrainer(code, trainerId)), `No new ${code} students.`);
    if (outcome.ok) onChanged();
  }

  return (
    <section aria-labelledby="tracks-title" className="card">
      <h2 id="tracks-title">Trains</h2>
      <p className="muted">{details.openStudents} open student(s). New students of these tracks are assigned among their trainers.</p>
      <Loaded state={tracks}>
        {(all) => (
          <ul className="stack">
            {all.map((t) => {
              const member = details.trainerTracks.includes(t.code);
              return (
                <li key={t.code} className="actions">
                  <span>
                    {t.name} ({t.code}) {member ? <span className="badge ok">member</span> : null}
                  </span>
                  {member ? (
                    <button type="button" className="secondary" disabled={action.pending} onClick={() => remove(t.code)}>
                      Remove from {t.code}
                    </button>
                  ) : (
                    <button type="button" className="secondary" disabled={action.pending} onClick={() => add(t.code)}>
                      Add to {t.code}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Loaded>
      <ActionStatus state={action} />
    </section>
  );
}

function Enrollments({ rows, onChanged }: { rows: UserEnrollmentRow[]; onChanged: () => void }) {
  return (
    <section aria-labelledby="enrollments-title">
      <h2 id="enrollments-title">Enrollments</h2>
      {rows.length === 0 ? (
        <Empty>No enrollments.</Empty>
      ) : (
        <ul className="stack">
          {rows.map((e) => (
            <li key={e.id} className="card">
              <p>
                <strong>{e.trackName}</strong> ({e.trackCode}) <span className="badge">{e.status}</span>{" "}
                <span className="muted">
                  since {formatDate(e.createdAt)}
                  {e.endedAt ? `, ended ${formatDate(e.endedAt)}` : ""}
                  {e.endReason ? ` (${e.endReason})` : ""}
                </span>
              </p>
              <p>Trainer: {e.trainerName ?? <span className="muted">none assigned</span>}</p>
              {["pendingPayment", "active", "suspended"].includes(e.status) ? <Reassign enrollment={e} onChanged={onChanged} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Reassign({ enrollment, onChanged }: { enrollment: UserEnrollmentRow; onChanged: () => void }) {
  const trainers = useApiData<TrackTrainerView[]>(apiRoutes.admin.trackTrainers(enrollment.trackCode));
  const action = useAction();
  const selectId = `reassign-${enrollment.id}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trainerId = String(new FormData(event.currentTarget).get("trainerId") ?? "");
    const outcome = await action.run(async () => {
      if (!trainerId) throw invalidField("trainerId", "Choose a trainer.");
      await api.put(apiRoutes.admin.enrollmentTrainer(enrollment.id), { trainerId } satisfies AssignTrainerRequest);
    }, "Trainer changed.");
    if (outcome.ok) onChanged();
  }

  return (
    <Loaded state={trainers} label="Loading trainers…">
      {(list) => (
        <form className="toolbar" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={selectId}>Reassign to</label>
            <select id={selectId} name="trainerId" defaultValue="">
              <option value="" disabled>
                Choose a trainer…
              </option>
              {list
                .filter((t) => t.trainerId !== enrollment.trainerId)
                .map((t) => (
                  <option key={t.trainerId} value={t.trainerId} disabled={t.students >= t.capacity}>
                    {t.fullName || t.email} ({t.students}/{t.capacity})
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="secondary" disabled={action.pending}>
            Reassign
          </button>
          <ActionStatus state={action} />
        </form>
      )}
    </Loaded>
  );
}
