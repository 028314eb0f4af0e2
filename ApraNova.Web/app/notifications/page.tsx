"use client";

import Link from "next/link";
import { useState } from "react";
import { ActionStatus, SubmitButton, SubmitForm } from "@/components/Form";
import { Pager } from "@/components/Pager";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { api, buildUrl } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import { ANY_USER } from "@/lib/roles";
import type { NotificationPage, NotificationPreferencesRequest, NotificationPreferenceView, NotificationView } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

export default function NotificationsPage() {
  return (
    <RequireRole roles={ANY_USER}>
      <h1>Notifications</h1>
      <NotificationList />
      <h2 id="settings">Email settings</h2>
      <Preferences />
    </RequireRole>
  );
}

function NotificationList() {
  const [page, setPage] = useState(1);
  const list = useApiData<NotificationPage>(buildUrl(apiRoutes.notifications.list, { page, pageSize: 20 }));
  const markAll = useAction();
  return (
    <Loaded state={list} label="Loading your notifications…">
      {(data) =>
        data.items.length === 0 ? (
          <Empty>Nothing yet. You will be told here (and by email) when your work is reviewed, a project opens or a support request is answered.</Empty>
        ) : (
          <>
            <p className="actions">
              <button
                type="button"
                className="secondary"
                disabled={markAll.pending || data.items.every((n) => n.readAt)}
                onClick={async () => {
                  const outcome = await markAll.run(() => api.post(apiRoutes.notifications.readAll), "All marked as read.");
                  if (outcome.ok) list.reload();
                }}
              >
                Mark all as read
              </button>
              <ActionStatus state={markAll} />
            </p>
            <ul className="notifications">
              {data.items.map((n) => (
                <Item key={n.id} notification={n} onRead={list.reload} />
              ))}
            </ul>
            <Pager of={data} onPage={setPage} />
          </>
        )
      }
    </Loaded>
  );
}

function Item({ notification: n, onRead }: { notification: NotificationView; onRead: () => void }) {
  const read = useAction();
  const markRead = () => (n.readAt ? Promise.resolve() : api.post(apiRoutes.notifications.read(n.id)));
  return (
    <li className={`card${n.readAt ? "" : " unread"}`}>
      <h3>
        {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
        {n.link ? (
          <Link href={n.link} onClick={() => void markRead()}>
            {n.title}
          </Link>
        ) : (
          n.title
        )}
      </h3>
      <p>{n.body}</p>
      <p className="muted">
        {formatDate(n.createdAt)}
        {n.readAt ? null : (
          <>
            {" · "}
            <button
              type="button"
              className="linklike"
              disabled={read.pending}
              onClick={async () => {
                const outcome = await read.run(markRead);
                if (outcome.ok) onRead();
              }}
            >
              Mark as read<span className="visually-hidden">: {n.title}</span>
            </button>
          </>
        )}
      </p>
      <ActionStatus state={read} />
    </li>
  );
}

function Preferences() {
  const preferences = useApiData<NotificationPreferenceView[]>(apiRoutes.notifications.preferences);
  const action = useAction();
  return (
    <Loaded state={preferences} label="Loading your settings…">
      {(list) => (
        <SubmitForm
          action={action}
          success="Your email settings are saved."
          send={(data) =>
            api.put(apiRoutes.notifications.preferences, {
              preferences: list.map((p) => ({ kind: p.kind, email: data.get(p.kind) === "on" })),
            } satisfies NotificationPreferencesRequest)
          }
          onDone={preferences.reload}
        >
          <fieldset>
            <legend>Email me when…</legend>
            {list.map((p) => (
              <label key={p.kind} className="choice">
                <input type="checkbox" name={p.kind} defaultChecked={p.email} /> {p.label}
              </label>
            ))}
          </fieldset>
          <p className="hint">Everything also appears in the list above, whatever you choose here.</p>
          <p className="actions">
            <SubmitButton pendingLabel="Saving…">Save email settings</SubmitButton>
          </p>
        </SubmitForm>
      )}
    </Loaded>
  );
}
