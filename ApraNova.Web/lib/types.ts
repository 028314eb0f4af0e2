// Shapes of the api's JSON (camelCase, enums as camelCase strings).

export interface TrackSummary {
  code: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  projectCount: number;
}

export type DeliverableKind = "link" | "github" | "file" | "text";

export interface TrackDetail {
  id: string;
  code: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  projects: ProjectOutline[];
}

export interface ProjectOutline {
  id: string;
  position: number;
  title: string;
  summary: string;
  steps?: { id: string; position: number; title: string; instructions: string }[];
  deliverables?: { id: string; position: number; title: string; instructions: string; kind: DeliverableKind }[];
}

export type SubmissionStatus = "submitted" | "revisionRequested" | "resubmitted" | "approved";
export type ProjectState = "locked" | "inProgress" | "approved";
export type EnrollmentStatus = "pendingPayment" | "active" | "suspended" | "completed" | "withdrawn";

// GET /api/learning: the student's own track.
export interface LearningTrack {
  enrollmentId: string;
  trackCode: string;
  trackName: string;
  enrollmentStatus: EnrollmentStatus;
  percent: number;
  projects: LearningProject[];
}

export interface LearningProject {
  id: string;
  position: number;
  title: string;
  summary: string;
  state: ProjectState;
  percent: number;
  steps: LearningStep[];
  deliverables: LearningDeliverable[];
}

export interface LearningStep {
  id: string;
  position: number;
  title: string;
  instructions: string;
  done: boolean;
}

export interface LearningDeliverable {
  id: string;
  position: number;
  title: string;
  instructions: string;
  kind: DeliverableKind;
  submission: SubmissionState | null;
}

export interface SubmissionState {
  id: string;
  status: SubmissionStatus;
  attempt: number;
  feedback: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

export interface SubmittedFile {
  id: string;
  name: string;
  contentType: string;
  sizeBytes: number;
}

// GET /api/submissions, /api/submissions/{id}
export interface Submission {
  id: string;
  studentId: string;
  studentName: string;
  deliverableId: string;
  deliverableTitle: string;
  projectId: string;
  projectTitle: string;
  kind: DeliverableKind;
  url: string | null;
  text: string | null;
  file: SubmittedFile | null;
  status: SubmissionStatus;
  attempt: number;
  feedback: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

export const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus, string> = {
  submitted: "Waiting for review",
  revisionRequested: "Revision requested",
  resubmitted: "Resubmitted, waiting for review",
  approved: "Approved",
};

export function statusTone(status: SubmissionStatus): "ok" | "warn" | "" {
  return status === "approved" ? "ok" : status === "revisionRequested" ? "warn" : "";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
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

export interface ProjectProgress {
  projectId: string;
  position: number;
  title: string;
  state: ProjectState;
  stepsDone: number;
  stepsTotal: number;
  deliverablesApproved: number;
  deliverablesTotal: number;
  percent: number;
}

export interface TrackProgress {
  percent: number;
  projectsApproved: number;
  projectsTotal: number;
  projects: ProjectProgress[];
}

// GET /api/dashboard
export interface Dashboard {
  enrollmentId: string;
  enrollmentStatus: EnrollmentStatus;
  enrolledAt: string;
  track: { code: string; name: string };
  trainer: { id: string; fullName: string; email: string } | null;
  currentProject: ProjectProgress | null;
  progress: TrackProgress;
  recentSubmissions: Omit<Submission, "studentId" | "studentName" | "url" | "text" | "file">[];
}

// GET /api/trainers/students
export interface TrainerStudentRow {
  studentId: string;
  fullName: string;
  email: string;
  enrollmentId: string;
  trackCode: string;
  status: EnrollmentStatus;
  trainerId: string | null;
  percent: number;
  projectsApproved: number;
  awaitingReview: number;
  enrolledAt: string;
}

// GET /api/trainers/students/{id}
export interface TrainerStudentDetail {
  studentId: string;
  fullName: string;
  email: string;
  track: LearningTrack;
  submissions: Submission[];
}

export const PROJECT_STATE_LABEL: Record<ProjectState, string> = {
  locked: "Locked",
  inProgress: "In progress",
  approved: "Approved",
};

/** A page of a staff list. */
export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total?: number;
  totalCount?: number;
}

export const totalOf = (page: Paged<unknown>) => page.total ?? page.totalCount ?? page.items.length;

export interface AdminUser {
  id: string;
  email: string;
  fullName: string;
  role: "student" | "trainer" | "admin" | "superadmin";
  createdAt?: string;
}

export interface EnrollmentAdminView {
  id: string;
  studentId: string;
  studentName: string;
  studentEmail: string;
  trackCode: string;
  status: EnrollmentStatus;
  trainerId: string | null;
  trainerName: string | null;
  createdAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface TrackTrainer {
  trainerId: string;
  fullName: string;
  email: string;
  students: number;
  capacity: number;
}

export type PaymentState = "pending" | "failed" | "paid" | "refunded";

export interface PaymentRow {
  id: string;
  trackCode: string;
  amountCents: number;
  currency: string;
  state: PaymentState;
  email: string | null;
  userId: string | null;
  enrollmentId: string | null;
  stripeSessionId: string;
  stripePaymentIntentId: string | null;
  stripeRefundId: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  refundRequestedAt: string | null;
  refundedAt: string | null;
}

export interface PaymentTotals {
  currency: string;
  count: number;
  pendingCount: number;
  failedCount: number;
  paidCount: number;
  paidCents: number;
  refundedCount: number;
  refundedCents: number;
}

export interface PaymentLedger extends Paged<PaymentRow> {
  totals: PaymentTotals[];
}

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}
