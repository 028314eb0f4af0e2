import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { apiRoutes } from "@/lib/apiRoutes";
import { apiBaseUrl } from "@/lib/apiBase";
import type { CertificateView } from "@/lib/types";

export const dynamic = "force-dynamic";

type Result = { ok: true; data: CertificateView } | { ok: false; status: number };

/** Certificates are public by their random id; read per request (never cached: a verification must be current). */
async function load(id: string): Promise<Result> {
  if (!/^[0-9a-fA-F-]{36}$/.test(id)) return { ok: false, status: 404 };
  const base = apiBaseUrl();
  if (!base) return { ok: false, status: 502 };
  try {
    const response = await fetch(`${base}${apiRoutes.certificates.one(id)}`, { headers: { accept: "application/json" }, cache: "no-store" });
    return response.ok ? { ok: true, data: (await response.json()) as CertificateView } : { ok: false, status: response.status };
  } catch {
    return { ok: false, status: 0 };
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const result = await load((await params).id);
  return result.ok ? { title: `Certificate: ${result.data.studentName}, ${result.data.trackName}` } : { title: "Certificate" };
}

export default async function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await load(id);
  if (!result.ok && result.status === 404) notFound();
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        <p>This certificate could not be checked right now. Please try again in a moment.</p>
      </div>
    );
  }
  const c = result.data;
  const issued = new Date(c.issuedAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <article>
      <h1 className="visually-hidden">Certificate of completion</h1>
      <p className="alert alert-ok" role="status">
        Verified: ApraNova issued this certificate on {issued}.
      </p>
      <section className="certificate" aria-label="Certificate">
        <p className="muted">ApraNova certificate of completion</p>
        <p>This certifies that</p>
        <p className="name">{c.studentName}</p>
        <p>completed every project of the track</p>
        <p className="name" style={{ fontSize: "1.5rem" }}>
          {c.trackName}
        </p>
        <p>each reviewed and approved by a trainer.</p>
        <p>
          Issued {issued} · Verification code <span className="code">{c.verificationCode}</span>
        </p>
      </section>
      <p className="actions" style={{ justifyContent: "center", marginTop: "1rem" }}>
        <a className="button" href={apiRoutes.certificates.pdf(c.id)}>
          Download the PDF
        </a>
        <Link href={`/tracks/${encodeURIComponent(c.trackCode)}`}>About the {c.trackName} track</Link>
      </p>
    </article>
  );
}
