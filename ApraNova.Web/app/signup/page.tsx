"use client";

import Link from "next/link";
import { useState } from "react";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { useAction } from "@/lib/useAction";

export default function SignUpPage() {
  const action = useAction();
  // The api answers the same whether or not the email has an account: the next step is in the inbox.
  const [sent, setSent] = useState<{ email: string; message: string } | null>(null);

  async function send(data: FormData) {
    const email = String(data.get("email"));
    const { message } = await api.signUp(email, String(data.get("password")), String(data.get("fullName")));
    return { email, message };
  }

  return (
    <>
      <h1>Create your account</h1>
      {sent ? (
        <p className="alert alert-ok" role="status">
          {sent.message} (sent to {sent.email}). The link is valid for 24 hours.
        </p>
      ) : (
        <>
          <p>
            Already paid for a track? Your account exists: use the link in your welcome email, or{" "}
            <Link href="/forgot-password">reset your password</Link>.
          </p>
          <SubmitForm action={action} send={send} onDone={setSent}>
            <Field label="Full name" name="fullName" autoComplete="name" required />
            <Field label="Email" name="email" type="email" autoComplete="email" required />
            <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." />
            <p className="actions">
              <SubmitButton pendingLabel="Creating…">Create account</SubmitButton>
            </p>
          </SubmitForm>
        </>
      )}
    </>
  );
}
