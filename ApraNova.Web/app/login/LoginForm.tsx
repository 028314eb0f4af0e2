"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useAuth } from "@/components/AuthProvider";
import { Field, SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { homeFor, safeNext } from "@/lib/roles";
import { useAction } from "@/lib/useAction";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const auth = useAuth();
  const action = useAction();
  const next = safeNext(params.get("next"));

  // Someone already logged in (e.g. after a reload) goes straight on.
  useEffect(() => {
    if (auth.status === "authenticated") router.replace(next ?? homeFor(auth.user));
  }, [auth, next, router]);

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
      <SubmitForm
        action={action}
        send={(data) => api.login(String(data.get("email")), String(data.get("password")))}
        onDone={(session) => router.replace(next ?? homeFor(session.user))}
      >
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <p className="actions">
          <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          New here? <Link href="/tracks">Pick a track</Link> or <Link href="/signup">create an account</Link>.
        </p>
      </SubmitForm>
    </>
  );
}
