"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Field, SubmitButton, SubmitForm, useFieldErrors } from "@/components/Form";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { api, buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { ROLES, STAFF } from "@/lib/roles";
import type { AdminUserDto, CreateUserRequest, TrackSummary, TrackTrainerView, UserPage } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function UsersPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Users</h1>
      <Users />
    </RequireRole>
  );
}

function Users() {
  const [search, setSearch] = useState("");
  const [role, setRole] = useState("");
  const [page, setPage] = useState(1);
  const users = useApiData<UserPage>(buildUrl(apiRoutes.admin.users, { search, role, page }));
  const trainerTracks = useTrainerTracks();

  function onSearch(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSearch(String(form.get("search") ?? "").trim());
    setRole(String(form.get("role") ?? ""));
    setPage(1);
  }

  return (
    <>
      <details className="card">
        <summary>Invite a user</summary>
        <InviteUser onInvited={users.reload} />
      </details>
      <form className="toolbar" onSubmit={onSearch} role="search">
        <div className="field">
          <label htmlFor="user-search">Name or email</label>
          <input id="user-search" name="search" type="search" defaultValue={search} />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" name="role" defaultValue={role}>
            <option value="">Any</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <Loaded state={users}>
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <Empty>No users match.</Empty>
            ) : (
              <Table columns={["Name", "Email", "Role", "Trains", "Joined", "Log-in"]}>
                {data.items.map((user) => (
                  <UserRow key={user.id} user={user} tracks={trainerTracks[user.id]} />
                ))}
              </Table>
            )}
            <Pager of={data} onPage={setPage} />
          </>
        )}
      </Loaded>
    </>
  );
}

/** Trainer id → the codes of the tracks whose new students they take (from each track's trainer list). */
function useTrainerTracks(): Record<string, string[]> {
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);
  const [byTrainer, setByTrainer] = useState<Record<string, string[]>>({});
  useEffect(() => {
    if (!tracks.data) return;
    const controller = new AbortController();
    Promise.all(
      tracks.data.map((t) =>
        api.get<TrackTrainerView[]>(apiRoutes.admin.trackTrainers(t.code), { signal: controller.signal }).then((list) => ({ code: t.code, list })),
      ),
    )
      .then((all) => {
        const map: Record<string, string[]> = {};
        for (const { code, list } of all) for (const trainer of list) (map[trainer.trainerId] ??= []).push(code);
        setByTrainer(map);
      })
      .catch(() => undefined); // the column stays empty; the user page shows the membership too
    return () => controller.abort();
  }, [tracks.data]);
  return byTrainer;
}

function UserRow({ user, tracks }: { user: AdminUserDto; tracks: string[] | undefined }) {
  return (
    <tr>
      <td data-label="Name">
        <Link href={`/staff/users/${user.id}`}>{user.fullName || "(no name)"}</Link>
      </td>
      <td data-label="Email">{user.email}</td>
      <td data-label="Role">
        <span className="badge">{user.role}</span>
      </td>
      <td data-label="Trains">{user.role === "trainer" ? (tracks?.length ? tracks.join(", ") : <span className="muted">no track</span>) : "—"}</td>
      <td data-label="Joined">{formatDate(user.createdAt)}</td>
      <td data-label="Log-in">{user.lockedOutUntil ? <span className="badge error">locked until {formatDate(user.lockedOutUntil)}</span> : "ok"}</td>
    </tr>
  );
}

/** Creates the account; the api emails it a link to choose a password. Admin accounts need a superadmin (the api says so). */
function InviteUser({ onInvited }: { onInvited: () => void }) {
  const action = useAction();

  async function send(data: FormData) {
    const request: CreateUserRequest = {
      email: String(data.get("email") ?? "").trim(),
      fullName: String(data.get("fullName") ?? "").trim(),
      role: String(data.get("role") ?? "trainer"),
    };
    return api.post<AdminUserDto>(apiRoutes.admin.users, request);
  }

  return (
    <SubmitForm
      action={action}
      send={send}
      success={(user) => `Invited ${user.email} as ${user.role}: they got an email to choose a password.`}
      onDone={(_, form) => {
        form.reset();
        onInvited();
      }}
    >
      <Field label="Email" name="email" type="email" autoComplete="off" required />
      <Field label="Full name" name="fullName" autoComplete="off" required />
      <RoleSelect />
      <p className="actions">
        <SubmitButton pendingLabel="Inviting…">Send invitation</SubmitButton>
      </p>
    </SubmitForm>
  );
}

function RoleSelect() {
  const messages = useFieldErrors("role");
  return (
    <div className="field">
      <label htmlFor="invite-role">Role</label>
      <select id="invite-role" name="role" defaultValue="trainer">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {messages.length ? <p className="field-error">{messages.join(" ")}</p> : null}
    </div>
  );
}
