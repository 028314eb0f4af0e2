"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useAuth } from "@/components/AuthProvider";
import { ErrorMessage, Loading } from "@/components/Status";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import type { CheckoutSessionStatus } from "@/lib/types";

const POLL_MS = 2000;
const MAX_POLLS = 30;

/**
 * Stripe sends the buyer back here, often before its webhook reached the api: while the
 * payment is pending the page asks again every two seconds for a minute. The status endpoint
 * never logs anyone in; a logged-in buyer also sees the enrollment.
 */
export function CheckoutResult() {
  const sessionId = useSearchParams().get("session_id");
  const auth = useAuth();
  const [result, setResult] = useState<CheckoutSessionStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!sessionId || auth.status === "loading") return;
    const controller = new AbortController();
    api
      .get<CheckoutSessionStatus>(apiRoutes.payments.session(sessionId), { signal: controller.signal })
      .then((status) => {
        setResult(status);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      });
    return () => controller.abort();
  }, [sessionId, auth.status, attempt]);

  const waiting = result !== null && (result.status === "pending" || result.status === "processing" || (result.status === "paid" && auth.status === "authenticated" && !result.enrollment));
  useEffect(() => {
    if (!waiting || attempt >= MAX_POLLS) return;
    const timer = setTimeout(() => setAttempt((a) => a + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, attempt]);

  if (!sessionId) {
    return (
      <>
        <h1>Payment</h1>
        <div className="alert alert-error" role="alert">
          <p>This page needs the payment session from Stripe. If you paid, check your email for the next steps.</p>
        </div>
      </>
    );
  }
  if (error && !result)
    return (
      <>
        <h1>Checking your payment</h1>
        <ErrorMessage error={error} onRetry={() => setAttempt((a) => a + 1)} />
      </>
    );
  if (!result)
    return (
      <>
        <h1>Checking your payment</h1>
        <Loading label="Checking your payment…" />
      </>
    );

  const paid = result.status === "paid" || result.status === "processing";
  // The heading says what happened: thanks only for money received.
  const heading = paid
    ? "Thank you"
    : result.status === "open"
      ? "Your payment is not complete"
      : result.status === "pending"
        ? "Checking your payment"
        : result.status === "refunded"
          ? "Payment refunded"
          : "The payment did not go through";
  return (
    <section aria-live="polite">
      <h1>{heading}</h1>
      <p className={`alert ${paid ? "alert-ok" : result.status === "pending" || result.status === "open" ? "alert-info" : "alert-error"}`} role="status">
        {result.status === "paid" ? "Payment received — check your email. " : null}
        {result.message}
      </p>
      {result.status === "pending" && attempt < MAX_POLLS ? <Loading label="Waiting for the payment confirmation…" /> : null}
      {result.status === "open" && result.resumeUrl ? (
        <p className="actions">
          <a className="button" href={result.resumeUrl}>
            {result.lastAttemptDeclined ? "Try another card" : "Finish paying"}
          </a>
          <Link href={`/tracks/${encodeURIComponent(result.trackCode)}`}>Back to the track</Link>
        </p>
      ) : null}
      {result.status === "failed" ? (
        <p className="actions">
          <Link className="button" href={`/checkout?track=${encodeURIComponent(result.trackCode)}`}>
            Try again
          </Link>
        </p>
      ) : null}
      {result.enrollment ? (
        <div className="card">
          <h2>Your enrollment</h2>
          <p>
            Track {result.enrollment.trackCode}: <span className="badge ok">{result.enrollment.status}</span>
          </p>
          <p>
            <Link className="button" href="/dashboard">
              Go to your dashboard
            </Link>
          </p>
        </div>
      ) : auth.status !== "authenticated" && paid ? (
        <p>
          We emailed you a link to set your password. Already have one? <Link href="/login">Log in</Link>.
        </p>
      ) : null}
    </section>
  );
}
