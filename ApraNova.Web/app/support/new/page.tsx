"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, SubmitButton, SubmitForm, TextArea, useFieldErrors } from "@/components/Form";
import { RequireRole } from "@/components/RequireRole";
import { chosenFiles, uploadAttachments } from "@/components/support/TicketThreadView";
import { CATEGORY_LABEL, TICKET_CATEGORIES } from "@/components/support/TicketLabels";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { invalidField } from "@/lib/problem";
import { STUDENT } from "@/lib/roles";
import type { CreateTicketRequest, TicketCategory, TicketThread } from "@/lib/types";
import { useAction } from "@/lib/useAction";

export default function NewTicketPage() {
  return (
    <RequireRole roles={STUDENT}>
      <p>
        <Link href="/support">← Help</Link>
      </p>
      <h1>Ask for help</h1>
      <NewTicket />
    </RequireRole>
  );
}

function NewTicket() {
  const action = useAction();
  const router = useRouter();
  const [progress, setProgress] = useState("");

  async function send(data: FormData) {
    const category = String(data.get("category") ?? "");
    if (!category) throw invalidField("category", "Choose a category.");
    const attachmentIds = await uploadAttachments(chosenFiles(data), setProgress);
    const request: CreateTicketRequest = {
      subject: String(data.get("subject") ?? ""),
      category: category as TicketCategory,
      message: String(data.get("message") ?? ""),
      attachmentIds,
    };
    return api.post<TicketThread>(apiRoutes.support.tickets, request);
  }

  return (
    <SubmitForm action={action} send={send} onDone={(thread) => router.push(`/support/${thread.ticket.id}`)}>
      <Field label="Subject" name="subject" required maxLength={200} hint="A few words, e.g. “Cannot upload my notebook”." />
      <CategorySelect />
      <TextArea label="What do you need?" name="message" rows={8} required />
      <div className="field">
        <label htmlFor="ticket-attachments">Attachments (optional, up to 5)</label>
        <input id="ticket-attachments" name="attachments" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.md,.csv,.zip,.ipynb" />
      </div>
      {progress ? <p className="muted" role="status">{progress}</p> : null}
      <p className="actions">
        <SubmitButton pendingLabel="Sending…">Send</SubmitButton>
      </p>
    </SubmitForm>
  );
}

function CategorySelect() {
  const messages = useFieldErrors("category");
  return (
    <div className="field">
      <label htmlFor="ticket-category">Category</label>
      <select id="ticket-category" name="category" defaultValue="" aria-invalid={messages.length > 0 || undefined}>
        <option value="" disabled>
          Choose…
        </option>
        {TICKET_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {CATEGORY_LABEL[c]}
          </option>
        ))}
      </select>
      {messages.length ? <p className="field-error">{messages.join(" ")}</p> : null}
    </div>
  );
}
