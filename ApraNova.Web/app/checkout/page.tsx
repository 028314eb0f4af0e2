import type { Metadata } from "next";
import { Suspense } from "react";
import { CheckoutForm } from "./CheckoutForm";

export const metadata: Metadata = { title: "Enroll" };

export default function CheckoutPage() {
  return (
    <>
      <h1>Enroll in a track</h1>
      <Suspense>
        <CheckoutForm />
      </Suspense>
    </>
  );
}
