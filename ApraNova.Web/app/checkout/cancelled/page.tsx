import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Payment cancelled" };

export default function CheckoutCancelledPage() {
  return (
    <>
      <h1>Payment cancelled</h1>
      <p className="alert alert-info" role="status">
        You left the payment page before paying. Nothing was charged.
      </p>
      <p className="actions">
        <Link className="button" href="/tracks">
          Back to the tracks
        </Link>
      </p>
    </>
  );
}
