"use client";

import { useState } from "react";
import { Field, FormAlert } from "@/components/Form";
import { api } from "@/lib/api";
import { useSubmit } from "@/lib/useSubmit";

export default function ForgotPasswordPage() {
  const submit = useSubmit();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email"));
    const done = await submit.run(async () => {
      await api.post("/api/auth/password/forgot", { email });
      return true;
    });
    if (done) setSentTo(email);
  }

  return (
    <>
      <h1>Forgot your password?</h1>
      {sentTo ? (
        <p className="alert alert-ok" role="status">
          If an account exists for {sentTo}, we have sent it a link to choose a new password. Check your email.
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <p>Enter your email and we will send you a link to choose a new password.</p>
          <FormAlert message={submit.message} errors={submit.fieldErrors} />
          <Field label="Email" name="email" type="email" autoComplete="email" required errors={submit.fieldErrors} />
          <p className="actions">
            <button type="submit" disabled={submit.pending}>
              {submit.pending ? "Sending…" : "Send the link"}
            </button>
          </p>
        </form>
      )}
    </>
  );
}
