import { apiBaseUrl } from "./apiBase";

/** Server-side GET of a public api resource (for server-rendered public pages). */
export async function serverGet<T>(path: string): Promise<{ ok: true; data: T } | { ok: false; status: number }> {
  const base = apiBaseUrl();
  if (!base) return { ok: false, status: 502 };
  try {
    const response = await fetch(`${base}${path}`, { headers: { accept: "application/json" }, cache: "no-store" });
    if (!response.ok) return { ok: false, status: response.status };
    return { ok: true, data: (await response.json()) as T };
  } catch {
    return { ok: false, status: 0 };
  }
}
