import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { AuthProvider } from "@/components/AuthProvider";
import { SiteHeader } from "@/components/SiteHeader";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ApraNova — learn by building, reviewed by a trainer", template: "%s · ApraNova" },
  description: "ApraNova tracks: Data Professional and Full-Stack Developer, project by project with a personal trainer.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AuthProvider>
          <SiteHeader />
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <nav aria-label="Footer">
              <ul>
                <li>
                  <Link href="/tracks">Tracks</Link>
                </li>
                <li>
                  <Link href="/terms">Terms</Link>
                </li>
                <li>
                  <Link href="/privacy">Privacy</Link>
                </li>
                <li>
                  <Link href="/refunds">Refunds</Link>
                </li>
                <li>
                  <Link href="/contact">Contact</Link>
                </li>
              </ul>
            </nav>
            <p>ApraNova — real projects, real reviews.</p>
          </footer>
        </AuthProvider>
      </body>
    </html>
  );
}
