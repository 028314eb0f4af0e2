import { describe, expect, it } from "vitest";
import nextConfig from "../next.config";
import { contentSecurityPolicy } from "../lib/securityHeaders";

describe("security headers", () => {
  it("are set on every page and route", async () => {
    const rules = await nextConfig.headers!();
    const everywhere = rules.find((rule) => rule.source === "/:path*" && !rule.has)!;
    const headers = Object.fromEntries(everywhere.headers.map((h) => [h.key, h.value]));
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["Content-Security-Policy"]).toContain("default-src 'self'");
    expect(headers["Content-Security-Policy"]).toContain("object-src 'none'");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  });

  it("pins HTTPS only on responses that went out over HTTPS", async () => {
    const rules = await nextConfig.headers!();
    const hsts = rules.filter((rule) => rule.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts).toHaveLength(1);
    expect(hsts[0].has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
  });

  it("allows eval and the hot-reload socket in development only", () => {
    expect(contentSecurityPolicy(true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(false)).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(false)).not.toContain("ws:");
  });
});
