"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { SubmitButton, SubmitForm } from "@/components/Form";
import { api } from "@/lib/api";
import { homeFor } from "@/lib/roles";
import { useAction } from "@/lib/useAction";

/**
 * The sign-up email's link. The account is created by a button, not on page load: mail scanners
 * open links, and must not create (and log into) an account on the reader's behalf.
 */
export function ConfirmEmailForm() {
  const params = useSearchParams();
  const router = useRouter();
  const action = useAction();
  const token = params.get("token") ?? "";

  if (!token) {
    return (
      <div className="alert alert-error" role="alert">
        <p>This link is incomplete. Open the link from your email again, or sign up again.</p>
        <p>
          <Link href="/signup">Sign up</Link>
        </p>
      </div>
    );
  }

  return (
    <SubmitForm action={action} send={() => api.confirmSignUp(token)} onDone={(session) => router.replace(homeFor(session.user))}>
      {action.fieldErrors.token ? (
        <p className="alert alert-error">
          {action.fieldErrors.token.join(" ")} <Link href="/signup">Sign up again</Link>.
        </p>
      ) : null}
      <p>Your email is confirmed by this link. Create the account and log in:</p>
      <p className="actions">
        <SubmitButton pendingLabel="Creating…">Create my account</SubmitButton>
      </p>
    </SubmitForm>
  );
}
