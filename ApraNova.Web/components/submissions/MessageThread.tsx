"use client";

import { SubmitButton, SubmitForm, TextArea } from "@/components/Form";
import { Empty, Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate } from "@/lib/format";
import type { MessageView, PostMessageRequest } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";

const ROLE_LABEL: Record<string, string> = { student: "student", trainer: "trainer", staff: "staff" };

/** The thread beside a submission: the student and the trainer (or staff) write; the other side is notified. */
export function MessageThread({ submissionId, placeholder }: { submissionId: string; placeholder: string }) {
  const messages = useApiData<MessageView[]>(apiRoutes.submissionWork.messages(submissionId));
  const action = useAction();
  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">Messages</h2>
      <Loaded state={messages} label="Loading the messages…">
        {(list) =>
          list.length === 0 ? (
            <Empty>No messages yet.</Empty>
          ) : (
            <ul className="thread">
              {list.map((m) => (
                <li key={m.id} className={m.mine ? "mine" : undefined}>
                  <strong>{m.mine ? "You" : m.authorName}</strong>{" "}
                  <span className="muted">
                    ({ROLE_LABEL[m.authorRole] ?? m.authorRole}) · {formatDate(m.createdAt)}
                  </span>
                  <p>{m.body}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <SubmitForm
        action={action}
        send={(data) => api.post(apiRoutes.submissionWork.messages(submissionId), { body: String(data.get("body") ?? "") } satisfies PostMessageRequest)}
        onDone={(_, form) => {
          form.reset();
          messages.reload();
        }}
      >
        <TextArea label="Write a message" name="body" rows={3} placeholder={placeholder} required />
        <p className="actions">
          <SubmitButton pendingLabel="Sending…">Send message</SubmitButton>
        </p>
      </SubmitForm>
    </section>
  );
}
