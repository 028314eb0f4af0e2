import type { TicketCategory, TicketState } from "@/lib/types";

export const TICKET_STATES: readonly TicketState[] = ["open", "answered", "resolved"];
export const TICKET_CATEGORIES: readonly TicketCategory[] = ["learning", "technical", "billing", "account", "other"];

const STATE_LABEL: Record<TicketState, string> = {
  open: "Waiting for support",
  answered: "Answered",
  resolved: "Resolved",
};

export const CATEGORY_LABEL: Record<TicketCategory, string> = {
  learning: "Learning and projects",
  technical: "Technical problem",
  billing: "Payments and receipts",
  account: "My account",
  other: "Something else",
};

export function TicketStateBadge({ state }: { state: TicketState }) {
  const tone = state === "resolved" ? "ok" : state === "open" ? "warn" : "";
  return <span className={`badge ${tone}`}>{STATE_LABEL[state] ?? state}</span>;
}

/** A duration in hours as people say it ("2 h 30 min", "3 days"). */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return "—";
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) {
    const whole = Math.floor(hours);
    const minutes = Math.round((hours - whole) * 60);
    return minutes ? `${whole} h ${minutes} min` : `${whole} h`;
  }
  return `${(hours / 24).toFixed(1)} days`;
}
