import type { HttpValidationProblemDetails } from "./types";

/** RFC 7807 problem details as the api sends them (the contract's validation problem, plus extensions). */
export type ProblemDetails = HttpValidationProblemDetails & { [extension: string]: unknown };

/** Field name → messages, keyed the way the form names its inputs (camelCase). */
export type FieldErrors = Record<string, string[]>;

/** A failed api call: the status, the problem the api described, and per-field messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;
  readonly fieldErrors: FieldErrors;

  constructor(status: number, problem: ProblemDetails | null, message?: string) {
    super(message ?? describeProblem(status, problem));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.fieldErrors = mapFieldErrors(problem?.errors);
  }
}

/**
 * A failure found before asking the api (two passwords differ, no file chosen), shaped like the
 * api's validation problem so the form shows it the same way, next to the field.
 */
export function invalidField(field: string, message: string): ApiError {
  return new ApiError(400, { errors: { [field]: [message] } });
}

/**
 * The api keys validation errors by camelCase field name; ASP.NET's model binding can still
 * produce PascalCase keys ("Email") or paths ("Deliverables[0].Value", "$.email"). Forms name
 * their inputs in camelCase, so every key is normalised to that; messages of keys that map to
 * the same field are merged. Keys that name no field ("" or "$") go under `_form`.
 */
export function mapFieldErrors(errors: Record<string, string[] | string> | undefined | null): FieldErrors {
  const result: FieldErrors = {};
  if (!errors) return result;
  for (const [rawKey, rawMessages] of Object.entries(errors)) {
    const messages = Array.isArray(rawMessages) ? rawMessages : [rawMessages];
    const key = normaliseFieldKey(rawKey);
    (result[key] ??= []).push(...messages.filter((m) => typeof m === "string" && m.length > 0));
  }
  return result;
}

export function normaliseFieldKey(key: string): string {
  const trimmed = key.replace(/^\$\.?/, "");
  if (trimmed === "") return "_form";
  return trimmed
    .split(".")
    .map((part) => (part.length > 0 ? part[0].toLowerCase() + part.slice(1) : part))
    .join(".");
}

/** A sentence a person can read, never a stack trace. */
export function describeProblem(status: number, problem: ProblemDetails | null): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title && !problem.errors) return problem.title;
  if (problem?.errors) return "Please correct the highlighted fields.";
  switch (status) {
    case 0:
      return "Could not reach ApraNova. Check your connection and try again.";
    case 401:
      return "Please log in to continue.";
    case 403:
      return "You are not allowed to do that.";
    case 404:
      return "Not found.";
    case 409:
      return "That conflicts with the current state. Reload and try again.";
    case 413:
      return "That file is too large.";
    case 429:
      return "Too many attempts. Wait a moment and try again.";
    default:
      return status >= 500 ? "Something went wrong on our side. Please try again." : `Request failed (${status}).`;
  }
}

/** Reads a problem body when the response has one; anything else (HTML from a proxy, empty) gives null. */
export async function readProblem(response: Response): Promise<ProblemDetails | null> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  try {
    const body: unknown = await response.json();
    return body && typeof body === "object" ? (body as ProblemDetails) : null;
  } catch {
    return null;
  }
}

/** One sentence for any failure: the api's own words, or a plain apology for anything else. */
export function failureMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
}
