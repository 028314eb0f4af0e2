import { apiRoutes } from "./apiRoutes";
import { ApiError, readProblem } from "./problem";
import type { AuthResponse, ConfirmSignUpRequest, LoginRequest, SignUpAccepted, SignUpRequest, UserDto } from "./types";

/** This tab's session: what log-in, sign-up and refresh return. */
export type Session = AuthResponse;

export interface RequestOptions {
  /** JSON-serialised unless it is FormData (sent as multipart by the browser). */
  body?: unknown;
  signal?: AbortSignal;
  /** Query string values; undefined/empty ones are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
/** Why a session ended: the user logged out, or the api no longer accepts the refresh cookie. */
export type SessionEnd = "logout" | "expired";
type SessionListener = (session: Session | null, ended?: SessionEnd) => void;

/** The minimum a transport must report so the client can decide to refresh and retry. */
export interface HasStatus {
  status: number;
}

// The calls that start or end a session never refresh on 401 (a wrong password stays a 401).
const SESSION_PATHS: ReadonlySet<string> = new Set([
  apiRoutes.auth.login,
  apiRoutes.auth.signUp,
  apiRoutes.auth.confirmSignUp,
  apiRoutes.auth.refresh,
  apiRoutes.auth.logout,
  apiRoutes.auth.forgotPassword,
  apiRoutes.auth.resetPassword,
]);

/**
 * The web's only way to the api. Same-origin `/api/*` paths only (the web forwards them, the
 * ALB routes them), so no cross-origin requests and no api URL baked into the bundle.
 *
 * The access token lives in this object's memory — never in localStorage, where any injected
 * script could read it. The refresh token is an httpOnly cookie the browser sends to
 * `/api/auth/refresh` by itself. When a call answers 401 the client refreshes ONCE and retries;
 * concurrent 401s wait for the same refresh instead of each spending (and, with rotation,
 * invalidating) the refresh token.
 */
export const REFRESH_LOCK = "apranova-refresh";

/** Runs `work` holding a lock shared by every tab of this origin (Web Locks), when the browser has them. */
async function acrossTabs<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? await locks.request(name, work) : await work();
}

export class ApiClient {
  private session: Session | null = null;
  private refreshing: Promise<Session | null> | null = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly fetchImpl: Fetch;

  constructor(fetchImpl?: Fetch) {
    // Bound lazily so tests can pass a fake and the browser's fetch keeps its `this`.
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  private get accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  get token(): string | null {
    return this.accessToken;
  }

  get currentSession(): Session | null {
    return this.session;
  }

  onSessionChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setSession(session: Session | null, ended?: SessionEnd) {
    this.session = session;
    for (const listener of this.listeners) listener(session, session ? undefined : (ended ?? "expired"));
  }

  get<T>(path: string, options?: RequestOptions) {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>("POST", path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>("PUT", path, { ...options, body });
  }
  delete<T>(path: string, options?: RequestOptions) {
    return this.request<T>("DELETE", path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = buildUrl(path, options.query);
    const isForm = typeof FormData !== "undefined" && options.body instanceof FormData;
    const body =
      options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body);
    const send = (token: string | null) => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (body !== undefined && !isForm) headers["content-type"] = "application/json";
      if (token) headers["authorization"] = `Bearer ${token}`;
      return this.fetchImpl(url, { method, headers, body, signal: options.signal, credentials: "same-origin" });
    };

    let response: Response;
    try {
      response = SESSION_PATHS.has(path.split("?")[0]) ? await send(this.accessToken) : await this.withRefresh(send);
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, null);
    }
    return parseResponse<T>(response);
  }

  /**
   * Sends with the current token; on 401 refreshes once (shared with any concurrent caller) and
   * sends again with the new token. Public so the upload helper (XMLHttpRequest, for progress
   * events) gets the same behaviour.
   */
  async withRefresh<R extends HasStatus>(send: (token: string | null) => Promise<R>): Promise<R> {
    // A call made while the session is being restored or renewed waits for it: sent without the
    // token, a call the api also serves to visitors (checkout) would run as anonymous.
    if (this.refreshing) await this.refreshing;
    const tokenUsed = this.accessToken;
    const first = await send(tokenUsed);
    if (first.status !== 401) return first;

    // Another call may have refreshed while this one was in flight: use its token, don't refresh again.
    if (this.accessToken && this.accessToken !== tokenUsed) return send(this.accessToken);

    const session = await this.refresh();
    if (!session) return first;
    return send(session.accessToken);
  }

  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers share one request.
   * Resolves null (and ends the session) when there is no valid cookie.
   */
  refresh(): Promise<Session | null> {
    this.refreshing ??= (async () => {
      try {
        // Other tabs share the refresh cookie: if two spent the same token at once, the api would
        // take the second for a stolen, reused token and end the session everywhere. The lock
        // makes tabs take turns, so each one sends the cookie the previous one received.
        const response = await acrossTabs(REFRESH_LOCK, () =>
          this.fetchImpl(apiRoutes.auth.refresh, {
            method: "POST",
            headers: { accept: "application/json" },
            credentials: "same-origin",
          }),
        );
        if (!response.ok) {
          this.setSession(null);
          return null;
        }
        const session = (await response.json()) as Session;
        this.setSession(session);
        return session;
      } catch {
        // Offline or the api is down: the session is unknown, not ended; the caller shows the failure.
        return null;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async login(email: string, password: string): Promise<Session> {
    const session = await this.post<Session>(apiRoutes.auth.login, { email, password } satisfies LoginRequest);
    this.setSession(session);
    return session;
  }

  /** Starts a sign-up; the account exists once the emailed link is followed (confirmSignUp). */
  async signUp(email: string, password: string, fullName: string): Promise<SignUpAccepted> {
    return await this.post<SignUpAccepted>(apiRoutes.auth.signUp, { email, password, fullName } satisfies SignUpRequest);
  }

  /** Finishes a sign-up with the token of the emailed link: the account is created and this tab logged in. */
  async confirmSignUp(token: string): Promise<Session> {
    const session = await this.post<Session>(apiRoutes.auth.confirmSignUp, { token } satisfies ConfirmSignUpRequest);
    this.setSession(session);
    return session;
  }

  async logout(): Promise<void> {
    try {
      await this.post<void>(apiRoutes.auth.logout);
    } finally {
      // Whatever the api answered, this tab forgets the token.
      this.setSession(null, "logout");
    }
  }

  /** Replaces the user in the current session (after a profile change). */
  updateUser(user: UserDto) {
    if (this.session) this.setSession({ ...this.session, user });
  }
}

export function buildUrl(path: string, query?: RequestOptions["query"]): string {
  // Same-origin api paths only: an absolute URL here would be a bug (or an open redirect of tokens).
  if (!path.startsWith("/api/")) throw new Error(`api paths start with /api/: ${path}`);
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

async function parseResponse<T>(response: Response): Promise<T> {
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined as T;
  return (await response.json()) as T;
}

/** The one client of this browser tab. */
export const api = new ApiClient();
