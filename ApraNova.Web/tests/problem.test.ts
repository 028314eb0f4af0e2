import { describe, expect, it } from "vitest";
import { ApiError, describeProblem, mapFieldErrors, normaliseFieldKey } from "../lib/problem";
import { toFormErrors } from "../lib/useSubmit";

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

describe("toFormErrors", () => {
  it("points at the fields when the api named them", () => {
    const error = new ApiError(400, { title: "One or more validation errors occurred.", errors: { password: ["Too short."] } });
    expect(toFormErrors(error)).toEqual({ message: "Please correct the highlighted fields.", fieldErrors: { password: ["Too short."] } });
  });
  it("shows the problem's sentence otherwise", () => {
    expect(toFormErrors(new ApiError(429, null)).message).toMatch(/too many/i);
    expect(toFormErrors(new Error("boom")).message).toBe("Something went wrong. Please try again.");
  });
});
