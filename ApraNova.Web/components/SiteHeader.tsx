"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { api } from "@/lib/api";
import { navFor } from "@/lib/roles";
import { useAuth } from "./AuthProvider";

export function SiteHeader() {
  const auth = useAuth();
  const pathname = usePathname();
  const router = useRouter();
  const links = auth.status === "loading" ? [] : navFor(auth.user?.role ?? null);

  async function logOut() {
    try {
      await api.logout();
    } finally {
      router.replace("/login?loggedOut=1");
    }
  }

  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="header-inner">
        <Link href="/" className="brand">
          ApraNova
        </Link>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
                  {link.label}
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
