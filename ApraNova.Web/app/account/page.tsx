"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionStatus, Field, SubmitButton, SubmitForm } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFrom } from "@/lib/download";
import { formatDate } from "@/lib/format";
import { ANY_USER } from "@/lib/roles";
import type { AccountDeletionInfo, AccountSession, ChangeEmailRequest, DeleteAccountRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function AccountPage() {
  return (
    <RequireRole roles={ANY_USER}>
      <h1>Your account</h1>
      <ChangeEmail />
      <Sessions />
      <ExportData />
      <DeleteAccount />
    </RequireRole>
  );
}

function ChangeEmail() {
  const action = useAction();
  async function send(data: FormData) {
    const request: ChangeEmailRequest = {
      newEmail: String(data.get("newEmail") ?? "").trim(),
      currentPassword: String(data.get("currentPassword") ?? ""),
    };
    await api.post(apiRoutes.account.email, request);
    return request.newEmail;
  }
  return (
    <section aria-labelledby="email-title" className="card">
      <h2 id="email-title">Change email</h2>
      <SubmitForm
        action={action}
        send={send}
        onDone={(_, form) => form.reset()}
        success={(newEmail) => `We sent a link to ${newEmail}. Your email changes when you open it (within 24 hours).`}
      >
        <Field label="New email" name="newEmail" type="email" autoComplete="email" required />
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
        <p className="actions">
          <SubmitButton pendingLabel="Sending…">Send confirmation link</SubmitButton>
        </p>
      </SubmitForm>
    </section>
  );
}

function Sessions() {
  const sessions = useApiData<AccountSession[]>(apiRoutes.account.sessions);
  const action = useAction();
  const router = useRouter();

  async function logOutEverywhere() {
    if (!window.confirm("Log out on every device, this one included?")) return;
    const outcome = await action.run(() => api.post(apiRoutes.account.logOutEverywhere));
    if (outcome.ok) {
      await api.logout().catch(() => undefined);
      router.replace("/login?loggedOut=1");
    }
  }

  return (
    <section aria-labelledby="sessions-title" className="card">
      <h2 id="sessions-title">Where you are logged in</h2>
      <Loaded state={sessions}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No open sessions.</Empty>
          ) : (
            <ul className="stack">
              {list.map((s) => (
                <li key={s.id}>
                  Logged in {formatDate(s.startedAt)} · last active {formatDate(s.lastActiveAt)} ·{" "}
                  <span className="muted">ends {formatDate(s.expiresAt)} unless used</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <p className="actions">
        <button type="button" className="secondary" disabled={action.pending} onClick={logOutEverywhere}>
          Log out everywhere
        </button>
        <ActionStatus state={action} />
      </p>
    </section>
  );
}

function ExportData() {
  const action = useAction();
  return (
    <section aria-labelledby="export-title" className="card">
      <h2 id="export-title">Your data</h2>
      <p>Download everything ApraNova holds about you, as one JSON file.</p>
      <p className="actions">
        <button
          type="button"
          className="secondary"
          disabled={action.pending}
          onClick={() => action.run(() => downloadFrom(apiRoutes.account.export, "apranova-data.json"), "Downloaded.")}
        >
          Export my data
        </button>
        <ActionStatus state={action} />
      </p>
    </section>
  );
}

function DeleteAccount() {
  const info = useApiData<AccountDeletionInfo>(apiRoutes.account.deletion);
  const action = useAction();
  const router = useRouter();
  const [open, setOpen] = useState(false);

  async function send(data: FormData) {
    const request: DeleteAccountRequest = { currentPassword: String(data.get("currentPassword") ?? "") };
    await api.post(apiRoutes.account.delete, request);
  }

  return (
    <section aria-labelledby="delete-title" className="card">
      <h2 id="delete-title">Delete your account</h2>
      <Loaded state={info}>
        {(details) => (
          <>
            <ul>
              {details.consequences.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
            {!details.allowed ? (
              <p className="alert alert-info">{details.reason}</p>
            ) : !open ? (
              <button type="button" className="danger" onClick={() => setOpen(true)}>
                Delete my account…
              </button>
            ) : (
              <SubmitForm
                action={action}
                send={send}
                onDone={async () => {
                  await api.logout().catch(() => undefined);
                  router.replace("/?accountDeleted=1");
                }}
              >
                <Field label="Your password, to confirm" name="currentPassword" type="password" autoComplete="current-password" required />
                <p className="actions">
                  <SubmitButton className="danger" pendingLabel="Deleting…">
                    Delete my account for good
                  </SubmitButton>
                  <button type="button" className="secondary" onClick={() => setOpen(false)}>
                    Keep my account
                  </button>
                </p>
              </SubmitForm>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
