"use client";

import { createContext, useContext, useId } from "react";
import { IDLE, type Action, type ActionState, type SuccessText } from "@/lib/useAction";

// Every form that sends a change has one shape:
//
//   const action = useAction();
//   <SubmitForm action={action} send={(data) => api.post(...)} onDone={...}>
//     <Field label="Email" name="email" />
//     <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
//   </SubmitForm>
//
// SubmitForm shows what failed (or the success words) at the top; each Field shows the api's
// messages for its own name. The page owns the action, so it can also read `action.fieldErrors`.

const FormAction = createContext<Action>({ ...IDLE, ready: false, run: () => Promise.resolve({ ok: false }) });

interface SubmitFormProps<T> {
  action: Action;
  /** Sends the change with the form's data (including the name/value of the button that submitted it). */
  send: (data: FormData) => Promise<T>;
  /** After the api accepted: navigate, reset the form, reload data. */
  onDone?: (result: T, form: HTMLFormElement) => void;
  /** Shown at the top after a success. */
  success?: SuccessText<T>;
  children: React.ReactNode;
}

export function SubmitForm<T>({ action, send, onDone, success, children }: SubmitFormProps<T>) {
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const outcome = await action.run(() => send(new FormData(form, submitter)), success);
    if (outcome.ok) onDone?.(outcome.result, form);
  }

  return (
    <FormAction.Provider value={action}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert state={action} />
        {action.success ? (
          <p className="alert alert-ok" role="status">
            {action.success}
          </p>
        ) : null}
        {children}
      </form>
    </FormAction.Provider>
  );
}

/** A submit button of the surrounding SubmitForm: disabled until hydrated and while the change is sent. */
export function SubmitButton({ pendingLabel, children, disabled, ...button }: React.ButtonHTMLAttributes<HTMLButtonElement> & { pendingLabel?: string }) {
  const action = useContext(FormAction);
  return (
    <button type="submit" disabled={!action.ready || action.pending || disabled} {...button}>
      {action.pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

/** The api's messages for these field names in the surrounding SubmitForm. */
export function useFieldErrors(...names: string[]): string[] {
  const { fieldErrors } = useContext(FormAction);
  return names.flatMap((name) => fieldErrors[name] ?? []);
}

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  hint?: string;
}

/** A labelled input whose api validation messages sit right under it and are announced. */
export function Field({ label, name, hint, ...input }: FieldProps) {
  const id = useId();
  const messages = useFieldErrors(name);
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={messages.length > 0 || undefined} aria-describedby={describedBy || undefined} {...input} />
      <FieldMessages id={`${id}-error`} messages={messages} />
    </div>
  );
}

interface TextAreaProps extends React.TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
}

export function TextArea({ label, name, ...textarea }: TextAreaProps) {
  const id = useId();
  const messages = useFieldErrors(name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        aria-invalid={messages.length > 0 || undefined}
        aria-describedby={messages.length ? `${id}-error` : undefined}
        {...textarea}
      />
      <FieldMessages id={`${id}-error`} messages={messages} />
    </div>
  );
}

export function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-error" id={id}>
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** The form-level message: what failed, or what the api said about no field in particular. */
function FormAlert({ state }: { state: ActionState }) {
  const general = state.fieldErrors._form ?? [];
  if (!state.error && general.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      {state.error ? <p>{state.error}</p> : null}
      {general.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/**
 * The outcome of an action that is not a form of its own (a button in a table row): what went
 * right, or what failed with the api's reasons (there is no field to put them under).
 */
export function ActionStatus({ state }: { state: ActionState }) {
  if (state.success)
    return (
      <p className="muted" role="status">
        {state.success}
      </p>
    );
  if (!state.error) return null;
  const reasons = Object.values(state.fieldErrors).flat();
  return (
    <p className="field-error" role="alert">
      {reasons.length ? reasons.join(" ") : state.error}
    </p>
  );
}
