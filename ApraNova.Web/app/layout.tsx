import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "ApraNova — learn by building, reviewed by a trainer",
  description: "ApraNova tracks: Data Professional and Full-Stack Developer, project by project with a personal trainer.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
