import type { Metadata } from "next";
import { Suspense } from "react";
import { CheckoutResult } from "./CheckoutResult";

export const metadata: Metadata = { title: "Payment" };

export default function CheckoutSuccessPage() {
  return (
    <>
      <h1>Thank you</h1>
      <Suspense>
        <CheckoutResult />
      </Suspense>
    </>
  );
}
