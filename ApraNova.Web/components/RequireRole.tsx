"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";
import { hasRole, homeFor, type Role } from "@/lib/roles";
import { useAuth } from "./AuthProvider";
import { Loading } from "./Status";

/**
 * Shows its children only to the given roles (a set of lib/roles.ts). Anonymous visitors are sent to log in (and back
 * here afterwards); other roles see "not allowed". This is for people, not security: the api
 * refuses these calls anyway.
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: React.ReactNode }) {
  const auth = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  // After a logout the header takes the user to the log-in page; coming back here is not wanted.
  const loggedOut = auth.status === "anonymous" && auth.loggedOut === true;
  useEffect(() => {
    if (auth.status === "anonymous" && !loggedOut) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [auth.status, loggedOut, pathname, router]);

  // While the session is checked the page keeps a screen's height: the header then grows by the
  // signed-in navigation, and a footer still in view would jump (CLS 0.53 on the dashboard, mobile).
  if (auth.status !== "authenticated")
    return (
      <div className="page-loading">
        <Loading
          label={auth.status === "loading" ? "Checking your session…" : loggedOut ? "Logging out…" : "Redirecting to log in…"}
        />
      </div>
    );
  if (!hasRole(auth.user, roles)) {
    return (
      <section className="card" aria-labelledby="not-allowed">
        <h1 id="not-allowed">Not allowed</h1>
        <p>This page is not available to your account.</p>
        <p>
          <Link href={homeFor(auth.user)}>Go to your home page</Link>
        </p>
      </section>
    );
  }
  return <>{children}</>;
}
