"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Field, FormAlert } from "@/components/Form";
import { api } from "@/lib/api";
import { ApiError } from "@/lib/problem";
import { useSubmit } from "@/lib/useSubmit";

/** Serves both the "forgot password" link and the welcome email's "set your password" link. */
export function ResetPasswordForm() {
  const params = useSearchParams();
  const router = useRouter();
  const submit = useSubmit();
  const email = params.get("email") ?? "";
  const token = params.get("token") ?? "";

  if (!email || !token) {
    return (
      <div className="alert alert-error" role="alert">
        <p>This link is incomplete. Open the link from your email again, or ask for a new one.</p>
        <p>
          <Link href="/forgot-password">Send me a new link</Link>
        </p>
      </div>
    );
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword"));
    if (newPassword !== String(form.get("confirmPassword"))) {
      // Checked here too so a typo does not spend the one-time token.
      await submit.run(() =>
        Promise.reject(new ApiError(400, { errors: { confirmPassword: ["The two passwords are different."] } })),
      );
      return;
    }
    const done = await submit.run(async () => {
      await api.post("/api/auth/password/reset", { email, token, newPassword });
      return true;
    });
    if (done) router.replace(`/login?reset=1`);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p>
        For <strong>{email}</strong>.
      </p>
      <FormAlert message={submit.message} errors={submit.fieldErrors} />
      {submit.fieldErrors.token ? (
        <p className="alert alert-error">
          {submit.fieldErrors.token.join(" ")} <Link href="/forgot-password">Ask for a new link</Link>.
        </p>
      ) : null}
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        errors={submit.fieldErrors}
      />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required errors={submit.fieldErrors} />
      <p className="actions">
        <button type="submit" disabled={submit.pending}>
          {submit.pending ? "Saving…" : "Set password"}
        </button>
      </p>
    </form>
  );
}
