import { failureMessage } from "@/lib/problem";
import type { ApiData } from "@/lib/useApiData";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="status" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <p>{failureMessage(error)}</p>
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * What useApiData loaded: "loading" until the first answer, the failure with a retry, then the
 * data. Data already shown stays while a reload (after a change, another page) runs.
 */
export function Loaded<T>({ state, label, children }: { state: ApiData<T>; label?: string; children: (data: T) => React.ReactNode }) {
  const failure = state.error ? <ErrorMessage error={state.error} onRetry={state.reload} /> : null;
  if (state.data === undefined) return failure ?? <Loading label={label} />;
  return (
    <>
      {failure}
      {children(state.data)}
    </>
  );
}
