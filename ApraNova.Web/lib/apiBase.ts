/**
 * Base URL of the api for server-side code (the forwarding proxy and server-rendered pages).
 * Read at request time from the environment: `API_URL` (set by the AppHost and the ECS task),
 * else Aspire's service-discovery variable for the api's http endpoint.
 */
export function apiBaseUrl(env: Record<string, string | undefined> = process.env): string | null {
  const value = env["API_URL"] || env["services__api__http__0"] || env["services__api__https__0"];
  return value ? value.replace(/\/+$/, "") : null;
}
