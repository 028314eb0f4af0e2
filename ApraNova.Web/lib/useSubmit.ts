"use client";

import { useState } from "react";
import { ApiError, type FieldErrors } from "./problem";

export interface SubmitState {
  pending: boolean;
  message: string | null;
  fieldErrors: FieldErrors;
}

/**
 * Runs a form action and turns a failure into what the form shows: per-field messages from the
 * api's ValidationProblemDetails, otherwise one readable sentence.
 */
export function useSubmit() {
  const [state, setState] = useState<SubmitState>({ pending: false, message: null, fieldErrors: {} });

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setState({ pending: true, message: null, fieldErrors: {} });
    try {
      const result = await action();
      setState({ pending: false, message: null, fieldErrors: {} });
      return result;
    } catch (error) {
      setState({ pending: false, ...toFormErrors(error) });
      return undefined;
    }
  }

  return { ...state, run };
}

export function toFormErrors(error: unknown): { message: string | null; fieldErrors: FieldErrors } {
  if (error instanceof ApiError) {
    const hasFields = Object.keys(error.fieldErrors).some((k) => k !== "_form");
    return { message: hasFields ? "Please correct the highlighted fields." : error.message, fieldErrors: error.fieldErrors };
  }
  return { message: "Something went wrong. Please try again.", fieldErrors: {} };
}
