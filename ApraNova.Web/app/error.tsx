"use client";

// A rendering failure shows a sentence and a way out, never a blank page or a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Please try again.</p>
      <p className="actions">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <a href="/">Home</a>
      </p>
    </div>
  );
}
