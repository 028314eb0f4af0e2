"use client";

import { useCallback, useEffect, useState } from "react";
import { ApiError, failureMessage, type FieldErrors } from "./problem";

/**
 * The web's one way to send a change to the api, for forms (through <SubmitForm>) and for staff
 * actions (a button in a table row) alike: `run` marks the action pending, then keeps what
 * went right or what failed, in the words the page shows.
 */
export interface ActionState {
  pending: boolean;
  /** What failed, as one sentence; null unless the last run failed. */
  error: string | null;
  /** The api's messages per field (camelCase, as inputs are named); `_form` for no field in particular. */
  fieldErrors: FieldErrors;
  /** What went right, when the caller gave words for it; null otherwise. */
  success: string | null;
}

export type Outcome<T> = { ok: true; result: T } | { ok: false };

/** Words for a success: fixed, or made from the api's answer. */
export type SuccessText<T> = string | ((result: T) => string);

export const IDLE: ActionState = { pending: false, error: null, fieldErrors: {}, success: null };

/** Runs `action` and reports each state to `update`: pending, then the success or the failure. */
export async function runAction<T>(
  action: () => Promise<T>,
  update: (state: ActionState) => void,
  success?: SuccessText<T>,
): Promise<Outcome<T>> {
  update({ ...IDLE, pending: true });
  try {
    const result = await action();
    update({ ...IDLE, success: typeof success === "function" ? success(result) : (success ?? null) });
    return { ok: true, result };
  } catch (failure) {
    update({ ...IDLE, ...failureOf(failure) });
    return { ok: false };
  }
}

/** What a failure shows: per-field messages from the api's validation problem, otherwise one sentence. */
export function failureOf(failure: unknown): { error: string; fieldErrors: FieldErrors } {
  if (failure instanceof ApiError) {
    const hasFields = Object.keys(failure.fieldErrors).some((k) => k !== "_form");
    return { error: hasFields ? "Please correct the highlighted fields." : failure.message, fieldErrors: failure.fieldErrors };
  }
  return { error: failureMessage(failure), fieldErrors: {} };
}

export interface Action extends ActionState {
  /** False until React has hydrated: a click before that would submit a form natively. */
  ready: boolean;
  run: <T>(action: () => Promise<T>, success?: SuccessText<T>) => Promise<Outcome<T>>;
}

export function useAction(): Action {
  const [state, setState] = useState<ActionState>(IDLE);
  // Until React has hydrated, a click would submit the form natively (a GET that puts the
  // password in the URL); submit buttons stay disabled until then.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const run = useCallback(<T,>(action: () => Promise<T>, success?: SuccessText<T>) => runAction(action, setState, success), []);
  return { ...state, ready, run };
}
