// The api's JSON shapes the web uses, by the api's own names. Every one is an alias of the
// generated contract (lib/api-schema.ts, `npm run gen:api`): never write a shape by hand here.
import type { components } from "./api-schema";

type Schemas = components["schemas"];

// Accounts
export type UserDto = Schemas["UserDto"];
/** What log-in, sign-up and refresh return: a short-lived access token and who it belongs to. */
export type AuthResponse = Schemas["AuthResponse"];
export type LoginRequest = Schemas["LoginRequest"];
export type SignUpRequest = Schemas["SignUpRequest"];
/** Sign-up's answer, the same whether or not the email has an account: the next step is in the inbox. */
export type SignUpAccepted = Schemas["SignUpAccepted"];
export type ConfirmSignUpRequest = Schemas["ConfirmSignUpRequest"];
export type ForgotPasswordRequest = Schemas["ForgotPasswordRequest"];
export type ResetPasswordRequest = Schemas["ResetPasswordRequest"];
export type ChangePasswordRequest = Schemas["ChangePasswordRequest"];
export type UpdateProfileRequest = Schemas["UpdateProfileRequest"];

// Curriculum
export type TrackSummary = Schemas["TrackSummary"];
export type TrackDetail = Schemas["TrackDetail"];
export type DeliverableKind = Schemas["DeliverableKind"];

// Learning (the student's own track) and submissions
export type LearningTrackView = Schemas["LearningTrackView"];
export type StepView = Schemas["StepView"];
export type DeliverableView = Schemas["DeliverableView"];
export type ProjectState = Schemas["ProjectState"];
export type SubmissionStatus = Schemas["SubmissionStatus"];
export type SubmissionView = Schemas["SubmissionView"];
export type SubmittedFileView = Schemas["SubmittedFileView"];
export type FileView = Schemas["FileView"];
export type CreateSubmissionRequest = Schemas["CreateSubmissionRequest"];
export type SubmissionContentRequest = Schemas["SubmissionContentRequest"];
export type DashboardView = Schemas["DashboardView"];

// Trainers
export type TrainerStudentRow = Schemas["TrainerStudentRow"];
export type TrainerStudentDetail = Schemas["TrainerStudentDetail"];
export type ApprovalRequest = Schemas["ApprovalRequest"];
export type RevisionRequest = Schemas["RevisionRequest"];

// Staff (admin)
export type UserPage = Schemas["PagedOfAdminUserDto"];
export type AdminUserDto = Schemas["AdminUserDto"];
export type ChangeRoleRequest = Schemas["ChangeRoleRequest"];
export type EnrollmentPage = Schemas["PagedOfEnrollmentAdminView"];
export type EnrollmentAdminView = Schemas["EnrollmentAdminView"];
export type TrackTrainerView = Schemas["TrackTrainerView"];
export type TrackTrainerRequest = Schemas["TrackTrainerRequest"];
export type AssignTrainerRequest = Schemas["AssignTrainerRequest"];
export type AuditPage = Schemas["PagedOfAuditEntryDto"];

// Payments
export type CheckoutRequest = Schemas["CheckoutRequest"];
export type CheckoutResponse = Schemas["CheckoutResponse"];
export type CheckoutSessionStatus = Schemas["CheckoutSessionStatus"];
export type PaymentLedgerPage = Schemas["PaymentLedgerPage"];
export type PaymentRow = Schemas["PaymentRow"];
export type PaymentState = Schemas["PaymentState"];
export type RefundAccepted = Schemas["RefundAccepted"];

// Errors
export type HttpValidationProblemDetails = Schemas["HttpValidationProblemDetails"];
