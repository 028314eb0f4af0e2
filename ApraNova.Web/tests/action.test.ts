import { describe, expect, it } from "vitest";
import { ApiError, invalidField } from "../lib/problem";
import { failureOf, IDLE, runAction, type ActionState } from "../lib/useAction";

/** Runs an action and records every state the page would have shown. */
async function record<T>(action: () => Promise<T>, success?: string | ((result: T) => string)) {
  const states: ActionState[] = [];
  const outcome = await runAction(action, (state) => states.push(state), success);
  return { outcome, states };
}

describe("runAction (forms and staff actions alike)", () => {
  it("is pending while the change is sent, then keeps the result and the success words", async () => {
    const { outcome, states } = await record(async () => ({ message: "Refund requested from Stripe." }), (r) => r.message);
    expect(states).toEqual([
      { ...IDLE, pending: true },
      { ...IDLE, success: "Refund requested from Stripe." },
    ]);
    expect(outcome).toEqual({ ok: true, result: { message: "Refund requested from Stripe." } });
  });

  it("has no success words unless the caller gave some", async () => {
    const { states } = await record(async () => undefined);
    expect(states.at(-1)).toEqual(IDLE);
  });

  it("turns a validation problem into per-field messages and a sentence pointing at them", async () => {
    const problem = { title: "One or more validation errors occurred.", errors: { Url: ["Use a GitHub repository URL."] } };
    const { outcome, states } = await record(() => Promise.reject(new ApiError(400, problem)), "Saved.");
    expect(outcome).toEqual({ ok: false });
    expect(states.at(-1)).toEqual({
      pending: false,
      success: null,
      error: "Please correct the highlighted fields.",
      fieldErrors: { url: ["Use a GitHub repository URL."] },
    });
  });

  it("shows the api's sentence when no field is named, and clears the last failure on the next run", async () => {
    const { states } = await record(() => Promise.reject(new ApiError(409, { title: "Already reviewed", detail: "Someone reviewed it first." })));
    expect(states.at(-1)?.error).toBe("Someone reviewed it first.");
    const next = await record(async () => "ok");
    expect(next.states[0]).toEqual({ ...IDLE, pending: true });
  });

  it("refuses locally like the api would, through invalidField", async () => {
    const { states } = await record(async () => {
      throw invalidField("trainerId", "Choose a trainer.");
    });
    expect(states.at(-1)?.fieldErrors).toEqual({ trainerId: ["Choose a trainer."] });
  });
});

describe("failureOf", () => {
  it("never shows a stack trace or a programming error's message", () => {
    expect(failureOf(new Error("boom"))).toEqual({ error: "Something went wrong. Please try again.", fieldErrors: {} });
    expect(failureOf(new ApiError(429, null)).error).toMatch(/too many/i);
  });
  it("keeps messages about no field in particular for the form's alert", () => {
    const failure = failureOf(new ApiError(400, { errors: { "": ["The request body is empty."] } }));
    expect(failure.fieldErrors).toEqual({ _form: ["The request body is empty."] });
  });
});
