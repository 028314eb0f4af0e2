"use client";

import { useState } from "react";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import type { ForgotPasswordRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";

export default function ForgotPasswordPage() {
  const action = useAction();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function send(data: FormData) {
    const email = String(data.get("email"));
    await api.post(apiRoutes.auth.forgotPassword, { email } satisfies ForgotPasswordRequest);
    return email;
  }

  return (
    <>
      <h1>Forgot your password?</h1>
      {sentTo ? (
        <p className="alert alert-ok" role="status">
          If an account exists for {sentTo}, we have sent it a link to choose a new password. Check your email.
        </p>
      ) : (
        <>
          <p>Enter your email and we will send you a link to choose a new password.</p>
          <SubmitForm action={action} send={send} onDone={setSentTo}>
            <Field label="Email" name="email" type="email" autoComplete="email" required />
            <p className="actions">
              <SubmitButton pendingLabel="Sending…">Send the link</SubmitButton>
            </p>
          </SubmitForm>
        </>
      )}
    </>
  );
}
