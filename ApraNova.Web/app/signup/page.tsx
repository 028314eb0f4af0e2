"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { homeFor } from "@/lib/roles";
import { useAction } from "@/lib/useAction";

export default function SignUpPage() {
  const router = useRouter();
  const action = useAction();

  return (
    <>
      <h1>Create your account</h1>
      <p>
        Already paid for a track? Your account exists: use the link in your welcome email, or{" "}
        <Link href="/forgot-password">reset your password</Link>.
      </p>
      <SubmitForm
        action={action}
        send={(data) => api.signUp(String(data.get("email")), String(data.get("password")), String(data.get("fullName")))}
        onDone={(session) => router.replace(homeFor(session.user))}
      >
        <Field label="Full name" name="fullName" autoComplete="name" required />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." />
        <p className="actions">
          <SubmitButton pendingLabel="Creating…">Create account</SubmitButton>
        </p>
      </SubmitForm>
    </>
  );
}
