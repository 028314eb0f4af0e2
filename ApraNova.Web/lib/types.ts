// Shapes of the api's JSON (camelCase, enums as camelCase strings).

export interface TrackSummary {
  id?: string;
  code: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  projects?: ProjectSummary[];
}

export interface ProjectSummary {
  id?: string;
  order?: number;
  title: string;
  summary?: string;
  description?: string;
}

export function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: 0 }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}
