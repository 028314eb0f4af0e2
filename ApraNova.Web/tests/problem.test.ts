import { describe, expect, it } from "vitest";
import { ApiError, describeProblem, failureMessage, invalidField, mapFieldErrors, normaliseFieldKey } from "../lib/problem";

describe("mapFieldErrors", () => {
  it("keys messages by the camelCase field name the form uses", () => {
    expect(mapFieldErrors({ Email: ["Required."], fullName: ["Too long."] })).toEqual({ email: ["Required."], fullName: ["Too long."] });
  });
  it("merges keys that name the same field and keeps paths", () => {
    expect(mapFieldErrors({ email: ["A"], Email: ["B"], "Deliverables[0].Url": ["C"] })).toEqual({ email: ["A", "B"], "deliverables[0].url": ["C"] });
  });
  it("puts errors about no field in particular under _form", () => {
    expect(mapFieldErrors({ "": ["Bad body"], $: ["Also bad"] })).toEqual({ _form: ["Bad body", "Also bad"] });
    expect(normaliseFieldKey("$.email")).toBe("email");
  });
  it("accepts a single string and nothing at all", () => {
    expect(mapFieldErrors({ token: "Expired" as unknown as string[] })).toEqual({ token: ["Expired"] });
    expect(mapFieldErrors(undefined)).toEqual({});
  });
});

describe("describeProblem", () => {
  it("prefers the api's detail, then its title", () => {
    expect(describeProblem(409, { title: "Already submitted", detail: "Resubmit instead." })).toBe("Resubmit instead.");
    expect(describeProblem(404, { title: "No such track." })).toBe("No such track.");
  });
  it("gives a readable sentence without a body, never a stack trace", () => {
    expect(describeProblem(500, null)).toMatch(/went wrong/);
    expect(describeProblem(403, null)).toMatch(/not allowed/);
    expect(describeProblem(0, null)).toMatch(/could not reach/i);
  });
});

describe("invalidField", () => {
  it("is shaped like the api's validation problem, so forms show it next to the field", () => {
    const failure = invalidField("confirmPassword", "The two passwords are different.");
    expect(failure.status).toBe(400);
    expect(failure.fieldErrors).toEqual({ confirmPassword: ["The two passwords are different."] });
  });
});

describe("failureMessage", () => {
  it("uses the api's words, and a plain apology for anything that is not an api error", () => {
    expect(failureMessage(new ApiError(404, { title: "No such track." }))).toBe("No such track.");
    expect(failureMessage(new TypeError("x is undefined"))).toBe("Something went wrong. Please try again.");
  });
});
