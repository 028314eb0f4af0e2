"use client";

import Link from "next/link";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { ANY_USER } from "@/lib/roles";
import type { ChangePasswordRequest, UpdateProfileRequest, UserDto } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function ProfilePage() {
  return (
    <RequireRole roles={ANY_USER}>
      <h1>Your profile</h1>
      <Profile />
      <ChangePassword />
      <p>
        <Link href="/account">Email address, sessions, your data and deleting your account →</Link>
      </p>
    </RequireRole>
  );
}

function Profile() {
  const me = useApiData<UserDto>(apiRoutes.auth.me);
  const action = useAction();

  async function send(data: FormData) {
    const fullName = String(data.get("fullName"));
    return api.put<UserDto>(apiRoutes.auth.me, { fullName } satisfies UpdateProfileRequest);
  }

  return (
    <Loaded state={me}>
      {(user) => (
        <section aria-labelledby="details-title" className="card">
          <h2 id="details-title">Details</h2>
          <p>
            Email: <strong>{user.email}</strong> · Role: <strong>{user.role}</strong>
          </p>
          <SubmitForm action={action} send={send} onDone={(updated) => api.updateUser(updated)} success="Saved.">
            <Field label="Full name" name="fullName" autoComplete="name" defaultValue={user.fullName} required />
            <p className="actions">
              <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
            </p>
          </SubmitForm>
        </section>
      )}
    </Loaded>
  );
}

function ChangePassword() {
  const action = useAction();

  async function send(data: FormData) {
    const change: ChangePasswordRequest = {
      currentPassword: String(data.get("currentPassword")),
      newPassword: String(data.get("newPassword")),
    };
    await api.post(apiRoutes.auth.changePassword, change);
  }

  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">Change password</h2>
      <SubmitForm action={action} send={send} onDone={(_, form) => form.reset()} success="Your password is changed.">
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 8 characters." required />
        <p className="actions">
          <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
        </p>
      </SubmitForm>
    </section>
  );
}
