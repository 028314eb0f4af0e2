"use client";

import { useId } from "react";
import type { FieldErrors } from "@/lib/problem";

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: FieldErrors;
  hint?: string;
}

/** A labelled input whose api validation messages sit right under it and are announced. */
export function Field({ label, name, errors, hint, ...input }: FieldProps) {
  const id = useId();
  const messages = errors?.[name] ?? [];
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
  errors?: FieldErrors;
}

export function TextArea({ label, name, errors, ...textarea }: TextAreaProps) {
  const id = useId();
  const messages = errors?.[name] ?? [];
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
export function FormAlert({ message, errors }: { message?: string | null; errors?: FieldErrors }) {
  const general = errors?._form ?? [];
  if (!message && general.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message ? <p>{message}</p> : null}
      {general.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
