// The api's roles and role sets, under the api's names, so "staff" means here what it means there:
// ROLES are ApraNova.Api's Roles (Features/Accounts/Roles.cs); each ROLE_SETS key is one of the
// api's authorization policies (Infrastructure/Auth/AuthorizationPolicies.cs) with the roles it
// admits. ApraNova.Tests' WebRolesTests compares both with the api.
// The pages use them to show people what they may do; the api enforces them.

export const ROLES = ["student", "trainer", "admin", "superadmin"] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_SETS = {
  student: ["student"],
  "trainer-or-staff": ["trainer", "admin", "superadmin"],
  staff: ["admin", "superadmin"],
  superadmin: ["superadmin"],
} as const satisfies Record<string, readonly Role[]>;

/** Students (their own track, progress and submissions). */
export const STUDENT = ROLE_SETS.student;
/** Trainers and staff: their students and the review queue. */
export const TRAINER_OR_STAFF = ROLE_SETS["trainer-or-staff"];
/** Admins and superadmins: users, enrollments, payments, audit. */
export const STAFF = ROLE_SETS.staff;
/** Anyone logged in. */
export const ANY_USER = ROLES;

/** The api sends a role as a string; one the web does not know grants nothing. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a user has one of the roles of a set. */
export function hasRole(user: { role: string } | null | undefined, roles: readonly Role[]): boolean {
  return !!user && isRole(user.role) && roles.includes(user.role);
}

/** Where each role lands after logging in. */
export function homeFor(user: { role: string }): string {
  if (hasRole(user, STUDENT)) return "/dashboard";
  if (hasRole(user, STAFF)) return "/staff/users";
  if (hasRole(user, TRAINER_OR_STAFF)) return "/staff/reviews";
  return "/profile";
}

export interface NavLink {
  href: string;
  label: string;
}

/** Each role sees only its own navigation. */
export function navFor(role: string | null): NavLink[] {
  if (role === null)
    return [
      { href: "/tracks", label: "Tracks" },
      { href: "/login", label: "Log in" },
      { href: "/signup", label: "Sign up" },
    ];
  const user = { role };
  if (hasRole(user, STUDENT))
    return [
      { href: "/dashboard", label: "Dashboard" },
      { href: "/submissions", label: "Submissions" },
      { href: "/support", label: "Help" },
      { href: "/payments", label: "Payments" },
      { href: "/tracks", label: "Tracks" },
      { href: "/notifications", label: "Notifications" },
      { href: "/profile", label: "Profile" },
    ];
  if (hasRole(user, STAFF))
    return [
      { href: "/staff", label: "Overview" },
      { href: "/staff/users", label: "Users" },
      { href: "/staff/support", label: "Support" },
      { href: "/staff/unassigned", label: "Unassigned" },
      { href: "/staff/tracks", label: "Curriculum" },
      { href: "/staff/payments", label: "Payments" },
      { href: "/staff/audit", label: "Audit log" },
      { href: "/notifications", label: "Notifications" },
      { href: "/profile", label: "Profile" },
    ];
  if (hasRole(user, TRAINER_OR_STAFF))
    return [
      { href: "/staff/students", label: "My students" },
      { href: "/staff/reviews", label: "Review queue" },
      { href: "/staff/support", label: "Support" },
      { href: "/notifications", label: "Notifications" },
      { href: "/profile", label: "Profile" },
    ];
  return [{ href: "/profile", label: "Profile" }];
}

/**
 * A safe place to return to after logging in: a path on this site, or null. `?next=` comes from
 * anyone's link, so it is judged the way the browser will read it: URL parsers drop tabs and line
 * breaks and read `\` as `/`, turning `/<TAB>/host` into `//host` (another site). Such characters
 * are refused outright, the rest is resolved as a URL, and only a same-origin result is returned,
 * re-serialised, so what the page navigates to is exactly what was checked.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(next)) return null;
  const origin = "https://apranova.invalid";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? null : path;
}
