import type { Metadata } from "next";
import { Suspense } from "react";
import { CheckoutResult } from "./CheckoutResult";

export const metadata: Metadata = { title: "Payment" };

export default function CheckoutSuccessPage() {
  return (
    <>
      <Suspense fallback={<h1>Checking your payment</h1>}>
        <CheckoutResult />
      </Suspense>
    </>
  );
}
