"use client";

import { useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { ActionStatus } from "@/components/Form";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { Table } from "@/components/Table";
import { api, buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { ROLES, STAFF } from "@/lib/roles";
import type { AdminUserDto, ChangeRoleRequest, TrackSummary, TrackTrainerRequest, UserPage } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

const ROLE_OPTIONS = ROLES.map((r) => (
  <option key={r} value={r}>
    {r}
  </option>
));

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
  const tracks = useApiData<TrackSummary[]>(apiRoutes.tracks);

  function onSearch(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSearch(String(form.get("search") ?? "").trim());
    setRole(String(form.get("role") ?? ""));
    setPage(1);
  }

  return (
    <>
      <form className="toolbar" onSubmit={onSearch} role="search">
        <div className="field">
          <label htmlFor="user-search">Name or email</label>
          <input id="user-search" name="search" type="search" defaultValue={search} />
        </div>
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" name="role" defaultValue={role}>
            <option value="">Any</option>
            {ROLE_OPTIONS}
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
              <Table columns={["Name", "Email", "Role", "Trainer of"]}>
                {data.items.map((user) => (
                  <UserRow key={user.id} user={user} tracks={tracks.data ?? []} onChanged={users.reload} />
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

function UserRow({ user, tracks, onChanged }: { user: AdminUserDto; tracks: TrackSummary[]; onChanged: () => void }) {
  const auth = useAuth();
  const action = useAction();
  const isSelf = auth.user?.id === user.id;

  async function changeRole(role: string) {
    const outcome = await action.run(
      () => api.put(apiRoutes.admin.userRole(user.id), { role } satisfies ChangeRoleRequest),
      `Role changed to ${role}.`,
    );
    if (outcome.ok) onChanged();
  }

  function addToTrack(code: string) {
    return action.run(
      () => api.post(apiRoutes.admin.trackTrainers(code), { trainerId: user.id } satisfies TrackTrainerRequest),
      `Now takes ${code} students.`,
    );
  }

  return (
    <tr>
      <td>{user.fullName}</td>
      <td>{user.email}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select id={`role-${user.id}`} value={user.role} disabled={action.pending || isSelf} onChange={(e) => changeRole(e.currentTarget.value)}>
          {ROLE_OPTIONS}
        </select>
        <ActionStatus state={action} />
      </td>
      <td>
        {user.role === "trainer"
          ? tracks.map((t) => (
              <button key={t.code} type="button" className="secondary" disabled={action.pending} onClick={() => addToTrack(t.code)}>
                Add to {t.code}
              </button>
            ))
          : null}
      </td>
    </tr>
  );
}
