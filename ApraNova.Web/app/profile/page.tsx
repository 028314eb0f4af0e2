"use client";

import { useState } from "react";
import { ANY_USER, RequireRole } from "@/components/RequireRole";
import { Field, FormAlert } from "@/components/Form";
import { ErrorMessage, Loading } from "@/components/Status";
import { api, type User } from "@/lib/api";
import { useApiData } from "@/lib/useApiData";
import { useSubmit } from "@/lib/useSubmit";

export default function ProfilePage() {
  return (
    <RequireRole roles={ANY_USER}>
      <h1>Your profile</h1>
      <Profile />
      <ChangePassword />
    </RequireRole>
  );
}

function Profile() {
  const me = useApiData<User>("/api/auth/me");
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);

  if (me.loading) return <Loading />;
  if (me.error || !me.data) return <ErrorMessage error={me.error} onRetry={me.reload} />;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const fullName = String(new FormData(event.currentTarget).get("fullName"));
    const user = await submit.run(() => api.put<User>("/api/auth/me", { fullName }));
    if (user) {
      api.updateUser(user);
      setSaved(true);
    }
  }

  return (
    <section aria-labelledby="details-title" className="card">
      <h2 id="details-title">Details</h2>
      <p>
        Email: <strong>{me.data.email}</strong> · Role: <strong>{me.data.role}</strong>
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={submit.message} errors={submit.fieldErrors} />
        {saved ? (
          <p className="alert alert-ok" role="status">
            Saved.
          </p>
        ) : null}
        <Field label="Full name" name="fullName" autoComplete="name" defaultValue={me.data.fullName} required errors={submit.fieldErrors} />
        <p className="actions">
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? "Saving…" : "Save"}
          </button>
        </p>
      </form>
    </section>
  );
}

function ChangePassword() {
  const submit = useSubmit();
  const [changed, setChanged] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const done = await submit.run(async () => {
      await api.post("/api/auth/password/change", {
        currentPassword: String(form.get("currentPassword")),
        newPassword: String(form.get("newPassword")),
      });
      return true;
    });
    if (done) {
      formElement.reset();
      setChanged(true);
    }
  }

  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">Change password</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={submit.message} errors={submit.fieldErrors} />
        {changed ? (
          <p className="alert alert-ok" role="status">
            Your password is changed.
          </p>
        ) : null}
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={submit.fieldErrors} />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          required
          errors={submit.fieldErrors}
        />
        <p className="actions">
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? "Changing…" : "Change password"}
          </button>
        </p>
      </form>
    </section>
  );
}
