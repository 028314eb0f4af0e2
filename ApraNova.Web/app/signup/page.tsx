"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Field, FormAlert } from "@/components/Form";
import { api } from "@/lib/api";
import { homeFor } from "@/lib/roles";
import { useSubmit } from "@/lib/useSubmit";

export default function SignUpPage() {
  const router = useRouter();
  const submit = useSubmit();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const session = await submit.run(() =>
      api.signUp(String(form.get("email")), String(form.get("password")), String(form.get("fullName"))),
    );
    if (session) router.replace(homeFor(session.user));
  }

  return (
    <>
      <h1>Create your account</h1>
      <p>
        Already paid for a track? Your account exists: use the link in your welcome email, or{" "}
        <Link href="/forgot-password">reset your password</Link>.
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={submit.message} errors={submit.fieldErrors} />
        <Field label="Full name" name="fullName" autoComplete="name" required errors={submit.fieldErrors} />
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={submit.fieldErrors} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters."
          errors={submit.fieldErrors}
        />
        <p className="actions">
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? "Creating…" : "Create account"}
          </button>
        </p>
      </form>
    </>
  );
}
