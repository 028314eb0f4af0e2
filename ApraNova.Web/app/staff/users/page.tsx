"use client";

import { useState } from "react";
import { Pager } from "@/components/Pager";
import { ADMIN, RequireRole } from "@/components/RequireRole";
import { useAuth } from "@/components/AuthProvider";
import { Empty, ErrorMessage, Loading } from "@/components/Status";
import { api, buildUrl } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import { totalOf, type AdminUser, type Paged, type TrackSummary } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

const ROLES = ["student", "trainer", "admin", "superadmin"] as const;

export default function UsersPage() {
  return (
    <RequireRole roles={ADMIN}>
      <h1>Users</h1>
      <Users />
    </RequireRole>
  );
}

function Users() {
  const [search, setSearch] = useState("");
  const [role, setRole] = useState("");
  const [page, setPage] = useState(1);
  const path = buildUrl("/api/admin/users", { search, role, page });
  const { data, error, loading, reload } = useApiData<Paged<AdminUser> | AdminUser[]>(path);
  const tracks = useApiData<TrackSummary[]>("/api/tracks");
  const users = Array.isArray(data) ? data : data?.items;

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
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      {loading && !users ? <Loading /> : null}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {users && users.length === 0 ? <Empty>No users match.</Empty> : null}
      {users && users.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Trainer of</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <UserRow key={user.id} user={user} tracks={tracks.data ?? []} onChanged={reload} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && !Array.isArray(data) ? <Pager page={data.page} pageSize={data.pageSize} total={totalOf(data)} onPage={setPage} /> : null}
    </>
  );
}

function UserRow({ user, tracks, onChanged }: { user: AdminUser; tracks: TrackSummary[]; onChanged: () => void }) {
  const auth = useAuth();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const isSelf = auth.user?.id === user.id;

  async function changeRole(role: string) {
    setPending(true);
    setMessage(null);
    try {
      await api.put(`/api/admin/users/${user.id}/role`, { role });
      setMessage({ ok: true, text: `Role changed to ${role}.` });
      onChanged();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof ApiError ? failure.message : "The role could not be changed." });
    } finally {
      setPending(false);
    }
  }

  async function addToTrack(code: string) {
    setPending(true);
    setMessage(null);
    try {
      await api.post(`/api/admin/tracks/${encodeURIComponent(code)}/trainers`, { trainerId: user.id });
      setMessage({ ok: true, text: `Now takes ${code} students.` });
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof ApiError ? failure.message : "Could not add the trainer." });
    } finally {
      setPending(false);
    }
  }

  return (
    <tr>
      <td>{user.fullName}</td>
      <td>{user.email}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={pending || isSelf}
          onChange={(e) => changeRole(e.currentTarget.value)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {message ? (
          <p className={message.ok ? "muted" : "field-error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </p>
        ) : null}
      </td>
      <td>
        {user.role === "trainer"
          ? tracks.map((t) => (
              <button key={t.code} type="button" className="secondary" disabled={pending} onClick={() => addToTrack(t.code)}>
                Add to {t.code}
              </button>
            ))
          : null}
      </td>
    </tr>
  );
}
