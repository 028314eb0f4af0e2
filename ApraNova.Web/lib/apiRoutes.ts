import type { paths } from "./api-schema";

// Every api path the web calls, in one place. Each is written as the api's own path template
// (with `{placeholders}`), which must exist in the generated contract (lib/api-schema.ts): when
// the api renames a route and the types are regenerated, `npx tsc --noEmit` names each stale
// line here.

/** The api's path templates (keys of the generated contract). */
export type ApiPathTemplate = keyof paths & string;

/** Names of the `{placeholders}` of a path template. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type PathArguments<T extends string> = [Placeholders<T>] extends [never] ? [] : [values: Record<Placeholders<T>, string>];

/** Fills a template's placeholders (URL-encoded). Only templates of the contract compile, with every placeholder given. */
export function apiPath<T extends ApiPathTemplate>(template: T, ...[values]: PathArguments<T>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (values as Record<string, string> | undefined)?.[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

export const apiRoutes = {
  auth: {
    login: apiPath("/api/auth/login"),
    signUp: apiPath("/api/auth/signup"),
    confirmSignUp: apiPath("/api/auth/signup/confirm"),
    refresh: apiPath("/api/auth/refresh"),
    logout: apiPath("/api/auth/logout"),
    forgotPassword: apiPath("/api/auth/password/forgot"),
    resetPassword: apiPath("/api/auth/password/reset"),
    changePassword: apiPath("/api/auth/password/change"),
    me: apiPath("/api/auth/me"),
  },
  tracks: apiPath("/api/tracks"),
  track: (code: string) => apiPath("/api/tracks/{code}", { code }),
  learning: {
    track: apiPath("/api/learning"),
    stepCompletion: (stepId: string) => apiPath("/api/learning/steps/{stepId}/completion", { stepId }),
  },
  dashboard: apiPath("/api/dashboard"),
  submissions: apiPath("/api/submissions"),
  submission: (id: string) => apiPath("/api/submissions/{id}", { id }),
  submissionWork: {
    attempts: (id: string) => apiPath("/api/submissions/{id}/attempts", { id }),
    messages: (id: string) => apiPath("/api/submissions/{id}/messages", { id }),
    content: (id: string) => apiPath("/api/submissions/{id}/content", { id }),
    preview: (id: string) => apiPath("/api/submissions/{id}/preview", { id }),
    readme: (id: string) => apiPath("/api/submissions/{id}/readme", { id }),
    startReview: (id: string) => apiPath("/api/submissions/{id}/review-start", { id }),
  },
  notifications: {
    list: apiPath("/api/notifications"),
    summary: apiPath("/api/notifications/summary"),
    read: (id: string) => apiPath("/api/notifications/{id}/read", { id }),
    readAll: apiPath("/api/notifications/read-all"),
    preferences: apiPath("/api/notifications/preferences"),
  },
  certificates: {
    mine: apiPath("/api/certificates/mine"),
    one: (id: string) => apiPath("/api/certificates/{id}", { id }),
    pdf: (id: string) => apiPath("/api/certificates/{id}/pdf", { id }),
  },
  files: apiPath("/api/files"),
  file: (id: string) => apiPath("/api/files/{id}", { id }),
  trainer: {
    students: apiPath("/api/trainers/students"),
    student: (studentId: string) => apiPath("/api/trainers/students/{studentId}", { studentId }),
    reviews: apiPath("/api/trainers/reviews"),
    approve: (id: string) => apiPath("/api/trainers/submissions/{id}/approve", { id }),
    requestRevision: (id: string) => apiPath("/api/trainers/submissions/{id}/request-revision", { id }),
    rubricTick: (id: string, position: number) =>
      apiPath("/api/trainers/submissions/{id}/rubric/{position}", { id, position: String(position) }),
  },
  payments: {
    checkout: apiPath("/api/payments/checkout"),
    session: (sessionId: string) => apiPath("/api/payments/session/{sessionId}", { sessionId }),
  },
  receipts: {
    mine: apiPath("/api/receipts"),
    pdf: (id: string) => apiPath("/api/receipts/{id}/pdf", { id }),
  },
  account: {
    email: apiPath("/api/account/email"),
    confirmEmail: apiPath("/api/account/email/confirm"),
    export: apiPath("/api/account/export"),
    deletion: apiPath("/api/account/deletion"),
    delete: apiPath("/api/account/delete"),
    sessions: apiPath("/api/account/sessions"),
    logOutEverywhere: apiPath("/api/account/sessions/revoke-all"),
  },
  support: {
    tickets: apiPath("/api/support/tickets"),
    ticket: (id: string) => apiPath("/api/support/tickets/{id}", { id }),
    messages: (id: string) => apiPath("/api/support/tickets/{id}/messages", { id }),
    resolve: (id: string) => apiPath("/api/support/tickets/{id}/resolve", { id }),
    reopen: (id: string) => apiPath("/api/support/tickets/{id}/reopen", { id }),
    attachment: (id: string, fileId: string) => apiPath("/api/support/tickets/{id}/attachments/{fileId}", { id, fileId }),
  },
  admin: {
    overview: apiPath("/api/admin/overview"),
    supportQueue: apiPath("/api/admin/support/tickets"),
    ticketAssignee: (id: string) => apiPath("/api/admin/support/tickets/{id}/assignee", { id }),
    supportAssignees: apiPath("/api/admin/support/assignees"),
    users: apiPath("/api/admin/users"),
    userRole: (id: string) => apiPath("/api/admin/users/{id}/role", { id }),
    userDetails: (id: string) => apiPath("/api/admin/users/{id}/details", { id }),
    trackTrainer: (code: string, trainerId: string) => apiPath("/api/admin/tracks/{code}/trainers/{trainerId}", { code, trainerId }),
    trackTrainers: (code: string) => apiPath("/api/admin/tracks/{code}/trainers", { code }),
    uploadableFileTypes: apiPath("/api/admin/tracks/file-types"),
    deliverable: (code: string, projectId: string, deliverableId: string) =>
      apiPath("/api/admin/tracks/{code}/projects/{projectId}/deliverables/{deliverableId}", { code, projectId, deliverableId }),
    unassignedEnrollments: apiPath("/api/admin/enrollments/unassigned"),
    enrollmentTrainer: (id: string) => apiPath("/api/admin/enrollments/{id}/trainer", { id }),
    payments: apiPath("/api/admin/payments"),
    paymentsExport: apiPath("/api/admin/payments/export"),
    refund: (id: string) => apiPath("/api/admin/payments/{id}/refund", { id }),
    audit: apiPath("/api/admin/audit"),
    auditActions: apiPath("/api/admin/audit/actions"),
  },
} as const;
