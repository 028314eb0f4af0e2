import type { Metadata } from "next";
import { Suspense } from "react";
import { ResetPasswordForm } from "./ResetPasswordForm";

export const metadata: Metadata = { title: "Choose your password" };

export default function ResetPasswordPage() {
  return (
    <>
      <h1>Choose your password</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </>
  );
}
