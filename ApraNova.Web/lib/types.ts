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
export type ProjectOutline = Schemas["ProjectOutline"];
export type DeliverableOutline = Schemas["DeliverableOutline"];

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
export type SubmissionStateView = Schemas["SubmissionStateView"];
export type AttemptView = Schemas["AttemptView"];
export type RubricCheckView = Schemas["RubricCheckView"];
export type MessageView = Schemas["MessageView"];
export type PostMessageRequest = Schemas["PostMessageRequest"];
export type FilePreviewView = Schemas["FilePreviewView"];
export type ReadmeView = Schemas["ReadmeView"];

// Notifications and certificates
export type NotificationView = Schemas["NotificationView"];
export type NotificationPage = Schemas["PagedOfNotificationView"];
export type NotificationSummary = Schemas["NotificationSummary"];
export type NotificationPreferenceView = Schemas["NotificationPreferenceView"];
export type NotificationPreferencesRequest = Schemas["NotificationPreferencesRequest"];
export type CertificateView = Schemas["CertificateView"];

// Trainers
export type TrainerStudentRow = Schemas["TrainerStudentRow"];
export type TrainerStudentDetail = Schemas["TrainerStudentDetail"];
export type ApprovalRequest = Schemas["ApprovalRequest"];
export type RevisionRequest = Schemas["RevisionRequest"];
export type RubricTickRequest = Schemas["RubricTickRequest"];

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
export type AuditEntryDto = Schemas["AuditEntryDto"];
export type CreateUserRequest = Schemas["CreateUserRequest"];
export type UserDetailView = Schemas["UserDetailView"];
export type UserEnrollmentRow = Schemas["UserEnrollmentRow"];
export type DeliverableRequest = Schemas["DeliverableRequest"];
export type UploadableFileTypes = Schemas["UploadableFileTypes"];

// Payments
export type CheckoutRequest = Schemas["CheckoutRequest"];
export type CheckoutResponse = Schemas["CheckoutResponse"];
export type CheckoutSessionStatus = Schemas["CheckoutSessionStatus"];
export type PaymentLedgerPage = Schemas["PaymentLedgerPage"];
export type PaymentRow = Schemas["PaymentRow"];
export type PaymentState = Schemas["PaymentState"];
export type RefundAccepted = Schemas["RefundAccepted"];

// Support desk
export type TicketCategory = Schemas["TicketCategory"];
export type TicketState = Schemas["TicketState"];
export type TicketSummary = Schemas["TicketSummary"];
export type TicketPage = Schemas["PagedOfTicketSummary"];
export type TicketThread = Schemas["TicketThread"];
export type TicketMessageView = Schemas["TicketMessageView"];
export type TicketAttachmentView = Schemas["TicketAttachmentView"];
export type CreateTicketRequest = Schemas["CreateTicketRequest"];
export type TicketReplyRequest = Schemas["TicketReplyRequest"];
export type AssignTicketRequest = Schemas["AssignTicketRequest"];
export type SupportAssignee = Schemas["SupportAssignee"];

// Staff overview
export type StaffOverview = Schemas["StaffOverview"];

// Receipts (the student's payment history)
export type PaymentHistoryItem = Schemas["PaymentHistoryItem"];
export type ReceiptView = Schemas["ReceiptView"];

// Account self-service
export type ChangeEmailRequest = Schemas["ChangeEmailRequest"];
export type ConfirmEmailChangeRequest = Schemas["ConfirmEmailChangeRequest"];
export type DeleteAccountRequest = Schemas["DeleteAccountRequest"];
export type AccountDeletionInfo = Schemas["AccountDeletionInfo"];
export type AccountSession = Schemas["AccountSession"];

// Errors
export type HttpValidationProblemDetails = Schemas["HttpValidationProblemDetails"];
