"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { invalidField } from "@/lib/problem";
import { homeFor } from "@/lib/roles";
import type { ResetPasswordRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";

/** Serves both the "forgot password" link and the welcome email's "set your password" link. */
export function ResetPasswordForm() {
  const params = useSearchParams();
  const router = useRouter();
  const action = useAction();
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

  async function send(data: FormData) {
    const newPassword = String(data.get("newPassword"));
    // Checked here too so a typo does not spend the one-time token.
    if (newPassword !== String(data.get("confirmPassword"))) throw invalidField("confirmPassword", "The two passwords are different.");
    await api.post(apiRoutes.auth.resetPassword, { email, token, newPassword } satisfies ResetPasswordRequest);
    // The person just proved they own the address and chose the password: log them in with it.
    try {
      return await api.login(email, newPassword);
    } catch {
      return null; // e.g. a log-in rate limit: the log-in page takes over
    }
  }

  return (
    <SubmitForm action={action} send={send} onDone={(session) => router.replace(session ? homeFor(session.user) : "/login?reset=1")}>
      <p>
        For <strong>{email}</strong>.
      </p>
      {action.fieldErrors.token ? (
        <p className="alert alert-error">
          {action.fieldErrors.token.join(" ")} <Link href="/forgot-password">Ask for a new link</Link>.
        </p>
      ) : null}
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required hint="At least 8 characters." />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required />
      <p className="actions">
        <SubmitButton pendingLabel="Saving…">Set password</SubmitButton>
      </p>
    </SubmitForm>
  );
}
