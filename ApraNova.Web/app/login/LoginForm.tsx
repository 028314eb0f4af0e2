"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useAuth } from "@/components/AuthProvider";
import { Field, FormAlert } from "@/components/Form";
import { api } from "@/lib/api";
import { homeFor, safeNext } from "@/lib/roles";
import { useSubmit } from "@/lib/useSubmit";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const auth = useAuth();
  const submit = useSubmit();
  const next = safeNext(params.get("next"));

  // Someone already logged in (e.g. after a reload) goes straight on.
  useEffect(() => {
    if (auth.status === "authenticated") router.replace(next ?? homeFor(auth.user));
  }, [auth, next, router]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const session = await submit.run(() => api.login(String(form.get("email")), String(form.get("password"))));
    if (session) router.replace(next ?? homeFor(session.user));
  }

  return (
    <>
      {params.get("loggedOut") ? (
        <p className="alert alert-info" role="status">
          You are logged out.
        </p>
      ) : null}
      {params.get("reset") ? (
        <p className="alert alert-ok" role="status">
          Your password is set. Log in with it now.
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={submit.message} errors={submit.fieldErrors} />
        <Field label="Email" name="email" type="email" autoComplete="email" required errors={submit.fieldErrors} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={submit.fieldErrors} />
        <p className="actions">
          <button type="submit" disabled={submit.pending}>
            {submit.pending ? "Logging in…" : "Log in"}
          </button>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          New here? <Link href="/tracks">Pick a track</Link> or <Link href="/signup">create an account</Link>.
        </p>
      </form>
    </>
  );
}
