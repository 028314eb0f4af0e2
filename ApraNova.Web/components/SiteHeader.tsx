"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/lib/api";
import { apiRoutes } from "@/lib/apiRoutes";
import { navFor } from "@/lib/roles";
import type { NotificationSummary } from "@/lib/types";
import { useAuth } from "./AuthProvider";
import { BrandMark } from "./BrandMark";

const SUMMARY_EVERY_MS = 60_000;

/** The badges' numbers for a logged-in user: asked again on every page change and every minute. */
function useSummary(signedIn: boolean, pathname: string): NotificationSummary | null {
  const [summary, setSummary] = useState<NotificationSummary | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => setTick((t) => t + 1), SUMMARY_EVERY_MS);
    return () => clearInterval(timer);
  }, [signedIn]);
  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    api
      .get<NotificationSummary>(apiRoutes.notifications.summary, { signal: controller.signal })
      .then(setSummary)
      .catch(() => undefined); // a badge is a hint; the pages themselves show failures
    return () => controller.abort();
  }, [signedIn, pathname, tick]);
  return signedIn ? summary : null;
}

export function SiteHeader() {
  const auth = useAuth();
  const pathname = usePathname();
  const router = useRouter();
  const links = auth.status === "loading" ? [] : navFor(auth.user?.role ?? null);
  const summary = useSummary(auth.status === "authenticated", pathname);

  async function logOut() {
    try {
      await api.logout();
    } finally {
      router.replace("/login?loggedOut=1");
    }
  }

  const badge = (href: string) => {
    const count = href === "/staff/reviews" ? summary?.awaitingReview : href === "/notifications" ? summary?.unread : undefined;
    return count ? (
      <span className="count">
        {count}
        <span className="visually-hidden">{href === "/notifications" ? " unread" : " waiting"}</span>
      </span>
    ) : null;
  };

  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="header-inner">
        <Link href="/" className="brand">
          <BrandMark />
          ApraNova
        </Link>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
                  {link.label}
                  {badge(link.href) ? <> {badge(link.href)}</> : null}
                </Link>
              </li>
            ))}
            {auth.status === "authenticated" ? (
              <li>
                <button type="button" className="linklike" onClick={logOut}>
                  Log out
                </button>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}
