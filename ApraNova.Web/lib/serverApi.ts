import { apiBaseUrl } from "./apiBase";

type Result<T> = { ok: true; data: T } | { ok: false; status: number };

// The public catalogue changes rarely (an admin edits a price) while every visit of /tracks
// would otherwise cost the web one api round trip per track. Answers are kept in this process
// for a short time: a price change shows within CACHE_MS, failures are never kept.
const CACHE_MS = 30_000;
const cache = new Map<string, { expires: number; result: Promise<Result<unknown>> }>();

/** Server-side GET of a public api resource (for server-rendered public pages), cached briefly. */
export function serverGet<T>(path: string): Promise<Result<T>> {
  const now = Date.now();
  const hit = cache.get(path);
  if (hit && hit.expires > now) return hit.result as Promise<Result<T>>;
  // Concurrent renders share one request (the promise is cached, not only its value).
  const result = fetchFromApi<T>(path).then((r) => {
    if (!r.ok) cache.delete(path);
    return r;
  });
  cache.set(path, { expires: now + CACHE_MS, result });
  if (cache.size > 100) cache.delete(cache.keys().next().value!);
  return result;
}

async function fetchFromApi<T>(path: string): Promise<Result<T>> {
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
