"use client";

import { useId, useRef, useState } from "react";
import { FieldMessages, SubmitButton, SubmitForm, useFieldErrors } from "@/components/Form";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { invalidField } from "@/lib/problem";
import type { DeliverableOutline, DeliverableRequest, TrackDetail } from "@/lib/types";
import { useAction } from "@/lib/useAction";

/** The api keeps at most this many checklist items per deliverable (DeliverableRequest's MaxLength). */
const MAX_ITEMS = 20;
/** And cuts each item at this many characters. */
const MAX_ITEM_LENGTH = 300;

interface Item {
  key: number;
  text: string;
}

interface Props {
  trackCode: string;
  projectId: string;
  deliverable: DeliverableOutline;
  /** The api's upload allow-list (".pdf", ".png", ...). */
  uploadable: string[];
}

/**
 * A deliverable's checklist (add, reword, reorder, remove) and, for file deliverables, its
 * accepted types, saved together with one PUT of the deliverable (its title, instructions and
 * kind sent back unchanged).
 */
export function DeliverableEditor({ trackCode, projectId, deliverable, uploadable }: Props) {
  const action = useAction();
  const nextKey = useRef(0);
  const toItems = (texts: string[]) => texts.map((text) => ({ key: nextKey.current++, text }));
  const [items, setItems] = useState<Item[]>(() => toItems(deliverable.rubric));
  const [types, setTypes] = useState<string[]>(deliverable.acceptedFileTypes);
  const [draft, setDraft] = useState("");
  const id = useId();

  function add() {
    const text = draft.trim();
    if (!text) return;
    setItems((current) => [...current, { key: nextKey.current++, text }]);
    setDraft("");
  }

  function move(index: number, by: -1 | 1) {
    setItems((current) => {
      const target = index + by;
      if (target < 0 || target >= current.length) return current;
      const copy = [...current];
      [copy[index], copy[target]] = [copy[target], copy[index]];
      return copy;
    });
  }

  async function save() {
    const rubric = items.map((item) => item.text.trim()).filter((text) => text.length > 0);
    if (rubric.length > MAX_ITEMS) throw invalidField("rubric", `A checklist has at most ${MAX_ITEMS} items.`);
    const body: DeliverableRequest = {
      title: deliverable.title,
      instructions: deliverable.instructions,
      kind: deliverable.kind,
      acceptedFileTypes: deliverable.kind === "file" ? uploadable.filter((type) => types.includes(type)) : null,
      rubric,
    };
    return api.put<TrackDetail>(apiRoutes.admin.deliverable(trackCode, projectId, deliverable.id), body);
  }

  function onSaved(track: TrackDetail) {
    // Show what the api kept (trimmed, empty items dropped).
    const saved = track.projects.flatMap((p) => p.deliverables).find((d) => d.id === deliverable.id);
    if (!saved) return;
    setItems(toItems(saved.rubric));
    setTypes(saved.acceptedFileTypes);
  }

  return (
    <SubmitForm action={action} send={save} onDone={onSaved} success="Saved.">
      <fieldset className="field">
        <legend>Checklist the trainer ticks</legend>
        {items.length === 0 ? <p className="muted">No checklist: the trainer approves without one.</p> : null}
        <ol className="rubric-editor">
          {items.map((item, index) => (
            <li key={item.key}>
              <input
                aria-label={`Checklist item ${index + 1}`}
                value={item.text}
                maxLength={MAX_ITEM_LENGTH}
                onChange={(event) => {
                  const text = event.target.value;
                  setItems((current) => current.map((other) => (other.key === item.key ? { ...other, text } : other)));
                }}
              />
              <span className="rubric-editor-buttons">
                <button type="button" className="secondary" aria-label={`Move item ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Move item ${index + 1} down`}
                  disabled={index === items.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Remove item ${index + 1}`}
                  onClick={() => setItems((current) => current.filter((other) => other.key !== item.key))}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
        <div className="rubric-editor-add">
          <label htmlFor={`${id}-new`}>New checklist item</label>
          <span className="rubric-editor-row">
            <input
              id={`${id}-new`}
              value={draft}
              maxLength={MAX_ITEM_LENGTH}
              disabled={items.length >= MAX_ITEMS}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                // Enter adds the item; it does not save the whole form.
                if (event.key === "Enter") {
                  event.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" className="secondary" onClick={add} disabled={!draft.trim() || items.length >= MAX_ITEMS}>
              Add item
            </button>
          </span>
        </div>
        <Messages name="rubric" />
      </fieldset>
      {deliverable.kind === "file" ? (
        <fieldset className="field">
          <legend>Accepted file types (none ticked: any uploadable file)</legend>
          <div className="type-choices">
            {uploadable.map((type) => (
              <label key={type} className="choice">
                <input
                  type="checkbox"
                  checked={types.includes(type)}
                  onChange={(event) => {
                    const checked = event.target.checked;
                    setTypes((current) => (checked ? [...current, type] : current.filter((other) => other !== type)));
                  }}
                />{" "}
                {type}
              </label>
            ))}
          </div>
          <Messages name="acceptedFileTypes" />
        </fieldset>
      ) : null}
      <p className="actions">
        <SubmitButton pendingLabel="Saving…">Save checklist and file types</SubmitButton>
      </p>
    </SubmitForm>
  );
}

function Messages({ name }: { name: string }) {
  const id = useId();
  return <FieldMessages id={id} messages={useFieldErrors(name)} />;
}
