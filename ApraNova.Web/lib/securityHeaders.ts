// Response headers for every page and route of the web (next.config.ts `headers()`).
//
// - Content-Security-Policy: only this origin's scripts, styles, images, fonts and connections;
//   no plugins, no <base> or form posts elsewhere, and no framing (clickjacking). Next.js renders
//   inline bootstrap scripts without a nonce on its static pages, hence 'unsafe-inline' for
//   scripts; React escapes what it renders, and nothing else may load from another origin.
//   Development adds what the dev server's hot reload needs (eval, its websocket).
// - X-Frame-Options: the same no-framing rule for browsers without frame-ancestors.
// - Referrer-Policy: reset links carry a token in their query; other sites get the origin at most.
// - Permissions-Policy: the app uses no camera, microphone, location, payment or USB APIs.
// - Strict-Transport-Security: only on responses that went out over HTTPS (behind the ALB's TLS
//   listener, X-Forwarded-Proto: https); a plain-http local run must not pin HTTPS.

export interface HeaderRule {
  source: string;
  has?: { type: "header"; key: string; value?: string }[];
  headers: { key: string; value: string }[];
}

export function contentSecurityPolicy(development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(development: boolean): HeaderRule[] {
  return [
    {
      source: "/:path*",
      headers: [
        { key: "Content-Security-Policy", value: contentSecurityPolicy(development) },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
      ],
    },
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
    },
  ];
}
