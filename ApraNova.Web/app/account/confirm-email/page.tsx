"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { SubmitButton, SubmitForm } from "@/components/Form";
import { Loading } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import type { ConfirmEmailChangeRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";

export default function ConfirmEmailPage() {
  return (
    <>
      <h1>Confirm your new email address</h1>
      <Suspense fallback={<Loading />}>
        <ConfirmEmail />
      </Suspense>
    </>
  );
}

/** The link from the email carries the proof; no session is needed (the link may open in another browser). */
function ConfirmEmail() {
  const params = useSearchParams();
  const action = useAction();
  const userId = params.get("userId") ?? "";
  const newEmail = params.get("email") ?? "";
  const token = params.get("token") ?? "";
  if (!userId || !newEmail || !token)
    return <p className="alert alert-error">This link is incomplete. Open the link from the email again, or ask for a new one from your account page.</p>;

  return (
    <SubmitForm
      action={action}
      send={() => api.post(apiRoutes.account.confirmEmail, { userId, newEmail, token } satisfies ConfirmEmailChangeRequest)}
      success={`Done: log in with ${newEmail} from now on.`}
    >
      <p>
        Use <strong>{newEmail}</strong> for your ApraNova account from now on?
      </p>
      <p className="actions">
        <SubmitButton pendingLabel="Confirming…">Confirm</SubmitButton>
        <Link href="/login">Log in</Link>
      </p>
    </SubmitForm>
  );
}
