import type { Metadata } from "next";
import { Suspense } from "react";
import { ConfirmEmailForm } from "./ConfirmEmailForm";

export const metadata: Metadata = { title: "Finish creating your account" };

export default function ConfirmEmailPage() {
  return (
    <>
      <h1>Finish creating your account</h1>
      <Suspense>
        <ConfirmEmailForm />
      </Suspense>
    </>
  );
}
