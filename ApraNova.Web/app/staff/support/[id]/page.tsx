"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole } from "@/components/RequireRole";
import { TicketThreadView } from "@/components/support/TicketThreadView";
import { TRAINER_OR_STAFF } from "@/lib/roles";

export default function StaffTicketPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <RequireRole roles={TRAINER_OR_STAFF}>
      <p>
        <Link href="/staff/support">← Support</Link>
      </p>
      <TicketThreadView id={id} staff />
    </RequireRole>
  );
}
