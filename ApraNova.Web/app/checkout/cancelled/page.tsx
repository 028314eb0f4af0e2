import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Payment cancelled" };

/** Where Stripe's "back" / cancel link leads (the api sets it as the session's cancel URL, with the track). */
export default async function CheckoutCancelledPage({ searchParams }: { searchParams: Promise<{ track?: string }> }) {
  const { track } = await searchParams;
  const code = track && /^[A-Za-z0-9]{1,16}$/.test(track) ? track.toUpperCase() : null;
  return (
    <>
      <h1>Payment cancelled</h1>
      <p className="alert alert-info" role="status">
        You left the payment page before paying. Nothing was charged and you are not enrolled.
      </p>
      <p className="actions">
        {code ? (
          <>
            <Link className="button" href={`/checkout?track=${encodeURIComponent(code)}`}>
              Try again
            </Link>
            <Link className="button secondary" href={`/tracks/${encodeURIComponent(code)}`}>
              Back to the track
            </Link>
          </>
        ) : (
          <Link className="button" href="/tracks">
            Back to the tracks
          </Link>
        )}
      </p>
    </>
  );
}
