"use client";

import { useState } from "react";
import { ActionStatus, SubmitButton, SubmitForm, TextArea } from "@/components/Form";
import { Loaded } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { downloadFrom } from "@/lib/download";
import { uploadFile } from "@/lib/files";
import { formatBytes, formatDate } from "@/lib/format";
import { invalidField } from "@/lib/problem";
import type { AssignTicketRequest, SupportAssignee, TicketMessageView, TicketReplyRequest, TicketThread } from "@/lib/types";
import { useAction } from "@/lib/useAction";
import { useApiData } from "@/lib/useApiData";
import { CATEGORY_LABEL, TicketStateBadge } from "./TicketLabels";

/** A ticket's thread for its student, their trainer or staff: what each sees is the api's decision. */
export function TicketThreadView({ id, staff }: { id: string; staff: boolean }) {
  const thread = useApiData<TicketThread>(apiRoutes.support.ticket(id));
  return <Loaded state={thread}>{(data) => <Thread data={data} staff={staff} onChanged={thread.reload} />}</Loaded>;
}

function Thread({ data, staff, onChanged }: { data: TicketThread; staff: boolean; onChanged: () => void }) {
  const { ticket } = data;
  const change = useAction();

  async function changeState(kind: "resolve" | "reopen") {
    const path = kind === "resolve" ? apiRoutes.support.resolve(ticket.id) : apiRoutes.support.reopen(ticket.id);
    const outcome = await change.run(() => api.post<TicketThread>(path), kind === "resolve" ? "Marked as resolved." : "Reopened.");
    if (outcome.ok) onChanged();
  }

  return (
    <>
      <h1>{ticket.subject}</h1>
      <p className="actions">
        <TicketStateBadge state={ticket.state} />
        <span className="muted">{CATEGORY_LABEL[ticket.category]}</span>
        <span className="muted">opened {formatDate(ticket.createdAt)}</span>
        {staff ? (
          <span className="muted">
            by {ticket.studentName} ({ticket.studentEmail})
          </span>
        ) : null}
        {ticket.assigneeName ? <span className="muted">handled by {ticket.assigneeName}</span> : null}
      </p>
      {data.canWriteInternalNotes ? <AssignTicket ticketId={ticket.id} assigneeId={ticket.assigneeId} onChanged={onChanged} /> : null}
      <ol className="thread" aria-label="Messages">
        {data.messages.map((message) => (
          <Message key={message.id} ticketId={ticket.id} message={message} />
        ))}
      </ol>
      {data.canReply ? (
        <Reply ticketId={ticket.id} allowNotes={data.canWriteInternalNotes} onSent={onChanged} />
      ) : (
        <p className="alert alert-info">
          This ticket is resolved.
          {data.canReopen && data.reopenUntil ? ` You can reopen it until ${formatDate(data.reopenUntil)}.` : null}
          {!data.canReopen && !staff ? " For anything new, open a new ticket." : null}
        </p>
      )}
      <div className="actions">
        {data.canResolve ? (
          <button type="button" className="secondary" disabled={change.pending} onClick={() => changeState("resolve")}>
            Mark as resolved
          </button>
        ) : null}
        {data.canReopen ? (
          <button type="button" className="secondary" disabled={change.pending} onClick={() => changeState("reopen")}>
            Reopen
          </button>
        ) : null}
        <ActionStatus state={change} />
      </div>
    </>
  );
}

function Message({ ticketId, message }: { ticketId: string; message: TicketMessageView }) {
  const download = useAction();
  const who = message.authorRole === "student" ? "Student" : message.authorRole === "trainer" ? "Trainer" : "Support";
  return (
    <li className={`card message${message.isInternal ? " note" : ""}`}>
      <p className="muted">
        <strong>{message.authorName}</strong> · {who} · {formatDate(message.createdAt)}
        {message.isInternal ? <span className="badge warn"> Internal note — staff only</span> : null}
      </p>
      <p className="message-body">{message.body}</p>
      {message.attachments.length ? (
        <ul className="actions" aria-label="Attachments">
          {message.attachments.map((file) => (
            <li key={file.fileId}>
              <button
                type="button"
                className="linklike"
                disabled={download.pending}
                onClick={() => download.run(() => downloadFrom(apiRoutes.support.attachment(ticketId, file.fileId), file.name))}
              >
                {file.name}
              </button>{" "}
              <span className="muted">({formatBytes(file.sizeBytes)})</span>
            </li>
          ))}
        </ul>
      ) : null}
      <ActionStatus state={download} />
    </li>
  );
}

/** Uploads the chosen files one by one (the files store), then returns their ids for the message. */
export async function uploadAttachments(files: File[], onProgress: (text: string) => void): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, file] of files.entries()) {
    const uploaded = await uploadFile(file, (fraction) =>
      onProgress(`Uploading ${file.name} (${index + 1}/${files.length}): ${Math.round(fraction * 100)}%`),
    );
    ids.push(uploaded.id);
  }
  onProgress("");
  return ids;
}

export function chosenFiles(data: FormData, name = "attachments"): File[] {
  const files = data.getAll(name).filter((value): value is File => value instanceof File && value.size > 0);
  if (files.length > 5) throw invalidField(name, "At most 5 files.");
  return files;
}

function Reply({ ticketId, allowNotes, onSent }: { ticketId: string; allowNotes: boolean; onSent: () => void }) {
  const action = useAction();
  const [progress, setProgress] = useState("");
  const [internal, setInternal] = useState(false);

  async function send(data: FormData) {
    const body = String(data.get("body") ?? "").trim();
    if (!body) throw invalidField("body", "Write a message.");
    const attachmentIds = await uploadAttachments(chosenFiles(data), setProgress);
    const reply: TicketReplyRequest = { body, internal: allowNotes && internal, attachmentIds };
    return api.post<TicketThread>(apiRoutes.support.messages(ticketId), reply);
  }

  return (
    <section aria-labelledby="reply-title" className={`card${internal ? " note" : ""}`}>
      <h2 id="reply-title">{internal ? "Internal note" : "Reply"}</h2>
      <SubmitForm
        action={action}
        send={send}
        success={internal ? "Note added (staff only)." : "Sent."}
        onDone={(_, form) => {
          form.reset();
          setInternal(false);
          onSent();
        }}
      >
        {allowNotes ? (
          <label className="choice">
            <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
            Internal note: only staff see it, the student is not told
          </label>
        ) : null}
        <TextArea label={internal ? "Note" : "Message"} name="body" rows={5} required />
        <div className="field">
          <label htmlFor={`attachments-${ticketId}`}>Attachments (optional, up to 5)</label>
          <input id={`attachments-${ticketId}`} name="attachments" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.md,.csv,.zip,.ipynb" />
        </div>
        {progress ? <p className="muted" role="status">{progress}</p> : null}
        <p className="actions">
          <SubmitButton pendingLabel="Sending…">{internal ? "Add note" : "Send reply"}</SubmitButton>
        </p>
      </SubmitForm>
    </section>
  );
}

function AssignTicket({ ticketId, assigneeId, onChanged }: { ticketId: string; assigneeId: string | null; onChanged: () => void }) {
  const assignees = useApiData<SupportAssignee[]>(apiRoutes.admin.supportAssignees);
  const assign = useAction();
  const selectId = `assignee-${ticketId}`;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("assigneeId") ?? "");
    const request: AssignTicketRequest = { assigneeId: value || null };
    const outcome = await assign.run(() => api.put(apiRoutes.admin.ticketAssignee(ticketId), request), value ? "Assigned." : "Back in the shared queue.");
    if (outcome.ok) onChanged();
  }

  return (
    <Loaded state={assignees} label="Loading staff…">
      {(list) => (
        <form className="toolbar" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={selectId}>Assigned to</label>
            <select id={selectId} name="assigneeId" defaultValue={assigneeId ?? ""}>
              <option value="">Nobody (shared queue)</option>
              {list.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.fullName || person.email}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary" disabled={assign.pending}>
            Assign
          </button>
          <ActionStatus state={assign} />
        </form>
      )}
    </Loaded>
  );
}
