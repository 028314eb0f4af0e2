import type { Metadata } from "next";
import { REFUND_POLICY } from "@/lib/content/policies";

export const metadata: Metadata = { title: "Refund policy" };

export default function RefundsPage() {
  return (
    <article>
      <h1>Refund policy</h1>
      <ul>
        {REFUND_POLICY.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </article>
  );
}
