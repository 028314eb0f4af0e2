import { describe, expect, it } from "vitest";
import { apiPath, apiRoutes } from "../lib/apiRoutes";

/** Every string (or the result of every function, called with a sample id for each parameter) in apiRoutes. */
function allRoutes(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (typeof node === "function")
    return [(node as (...ids: string[]) => string)(...Array.from({ length: Math.max(1, node.length) }, () => "sample id/1"))];
  return Object.values(node as Record<string, unknown>).flatMap(allRoutes);
}

describe("apiPath", () => {
  it("fills the contract's placeholders, URL-encoded", () => {
    expect(apiPath("/api/trainers/students/{studentId}", { studentId: "a b/c" })).toBe("/api/trainers/students/a%20b%2Fc");
    expect(apiRoutes.track("DP")).toBe("/api/tracks/DP");
    expect(apiRoutes.trainer.requestRevision("s1")).toBe("/api/trainers/submissions/s1/request-revision");
  });

  it("only takes templates of the generated contract, with every placeholder (checked by tsc)", () => {
    // @ts-expect-error: no such route in lib/api-schema.ts
    expect(() => apiPath("/api/no-such-route/{id}", { id: "1" })).not.toThrow();
    // @ts-expect-error: the placeholder's value is missing
    expect(() => apiPath("/api/tracks/{code}")).toThrow(/no value for \{code\}/);
  });

  it("leaves no placeholder unfilled and stays on the api's origin", () => {
    for (const route of allRoutes(apiRoutes)) {
      expect(route).toMatch(/^\/api\//);
      expect(route).not.toMatch(/[{}]/);
    }
  });
});
