"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { RequireRole } from "@/components/RequireRole";
import { TicketThreadView } from "@/components/support/TicketThreadView";
import { STUDENT } from "@/lib/roles";

export default function TicketPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <RequireRole roles={STUDENT}>
      <p>
        <Link href="/support">← Help</Link>
      </p>
      <TicketThreadView id={id} staff={false} />
    </RequireRole>
  );
}
