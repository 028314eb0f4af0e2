"use client";

import Link from "next/link";
import { RequireRole } from "@/components/RequireRole";
import { Empty, Loaded } from "@/components/Status";
import { formatHours } from "@/components/support/TicketLabels";
import { Table } from "@/components/Table";
import { apiRoutes } from "@/lib/apiRoutes";
import { formatDate, formatPrice } from "@/lib/format";
import { STAFF } from "@/lib/roles";
import type { StaffOverview } from "@/lib/types";
import { useApiData } from "@/lib/useApiData";

export default function StaffOverviewPage() {
  return (
    <RequireRole roles={STAFF}>
      <h1>Overview</h1>
      <Overview />
    </RequireRole>
  );
}

function Overview() {
  const overview = useApiData<StaffOverview>(apiRoutes.admin.overview);
  return (
    <Loaded state={overview}>
      {(data) => (
        <>
          <p className="muted">Figures from the database as of {formatDate(data.generatedAt)}.</p>

          <section aria-labelledby="support-title">
            <h2 id="support-title">Support</h2>
            <ul className="figures">
              <Figure value={data.support.open} label="waiting for support" href="/staff/support" />
              <Figure value={data.support.answered} label="waiting for the student" />
              <Figure value={data.support.unassigned} label="not assigned" />
              <Figure value={formatHours(data.support.medianFirstResponseHours)} label={`median first response (${data.support.openedLast30Days} tickets, 30 days)`} />
              <Figure value={formatHours(data.support.medianResolutionHours)} label={`median resolution (${data.support.resolvedLast30Days} resolved, 30 days)`} />
            </ul>
          </section>

          <section aria-labelledby="reviews-title">
            <h2 id="reviews-title">Reviews</h2>
            <ul className="figures">
              <Figure value={data.reviews.awaiting} label="submissions waiting for review" />
              <Figure value={data.reviews.oldestWaitingSince ? formatDate(data.reviews.oldestWaitingSince) : "—"} label="oldest waiting since" />
              <Figure value={formatHours(data.reviews.medianReviewHours)} label={`median review time (${data.reviews.reviewedLast30Days} reviews, 30 days)`} />
            </ul>
          </section>

          <section aria-labelledby="students-title">
            <h2 id="students-title">Students per track</h2>
            <Table columns={["Track", "Active", "Suspended", "Pending payment", "Completed", "Withdrawn"]}>
              {data.studentsPerTrack.map((t) => (
                <tr key={t.trackCode}>
                  <td data-label="Track">
                    {t.trackName} <span className="muted">({t.trackCode})</span>
                  </td>
                  <td data-label="Active">{t.active}</td>
                  <td data-label="Suspended">{t.suspended}</td>
                  <td data-label="Pending payment">{t.pendingPayment}</td>
                  <td data-label="Completed">{t.completed}</td>
                  <td data-label="Withdrawn">{t.withdrawn}</td>
                </tr>
              ))}
            </Table>
          </section>

          <section aria-labelledby="revenue-title">
            <h2 id="revenue-title">Revenue, net of refunds</h2>
            {data.revenue.length === 0 ? (
              <Empty>No payments in the last 12 months.</Empty>
            ) : (
              <Table columns={["Month", "Received", "Refunded", "Net"]}>
                {data.revenue.map((r) => (
                  <tr key={`${r.month}-${r.currency}`}>
                    <td data-label="Month">{r.month}</td>
                    <td data-label="Received">
                      {formatPrice(r.grossCents, r.currency)} <span className="muted">({r.payments})</span>
                    </td>
                    <td data-label="Refunded">
                      {formatPrice(r.refundedCents, r.currency)} <span className="muted">({r.refunds})</span>
                    </td>
                    <td data-label="Net">
                      <strong>{formatPrice(r.netCents, r.currency)}</strong>
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </section>

          <section aria-labelledby="trainers-title">
            <h2 id="trainers-title">Trainer load</h2>
            {data.trainers.length === 0 ? (
              <Empty>No trainers yet.</Empty>
            ) : (
              <Table columns={["Trainer", "Tracks", "Open students", "Waiting reviews"]}>
                {data.trainers.map((t) => (
                  <tr key={t.trainerId}>
                    <td data-label="Trainer">
                      <Link href={`/staff/users/${t.trainerId}`}>{t.fullName || t.email}</Link>
                    </td>
                    <td data-label="Tracks">{t.tracks.length ? t.tracks.join(", ") : <span className="muted">none</span>}</td>
                    <td data-label="Open students">
                      {t.openStudents} / {t.capacity}
                    </td>
                    <td data-label="Waiting reviews">{t.awaitingReview}</td>
                  </tr>
                ))}
              </Table>
            )}
          </section>
        </>
      )}
    </Loaded>
  );
}

function Figure({ value, label, href }: { value: number | string; label: string; href?: string }) {
  return (
    <li>
      <span className="figure">{href ? <Link href={href}>{value}</Link> : value}</span>
      <span className="muted">{label}</span>
    </li>
  );
}
