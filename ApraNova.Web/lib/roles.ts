import type { Role, User } from "./api";

export const isStaffAdmin = (role: Role) => role === "admin" || role === "superadmin";

/** Where each role lands after logging in. */
export function homeFor(user: Pick<User, "role">): string {
  switch (user.role) {
    case "student":
      return "/dashboard";
    case "trainer":
      return "/staff/reviews";
    default:
      return "/staff/users";
  }
}

export interface NavLink {
  href: string;
  label: string;
}

/** Each role sees only its own navigation. */
export function navFor(role: Role | null): NavLink[] {
  switch (role) {
    case null:
      return [
        { href: "/tracks", label: "Tracks" },
        { href: "/login", label: "Log in" },
        { href: "/signup", label: "Sign up" },
      ];
    case "student":
      return [
        { href: "/dashboard", label: "Dashboard" },
        { href: "/submissions", label: "Submissions" },
        { href: "/tracks", label: "Tracks" },
        { href: "/profile", label: "Profile" },
      ];
    case "trainer":
      return [
        { href: "/staff/students", label: "My students" },
        { href: "/staff/reviews", label: "Review queue" },
        { href: "/profile", label: "Profile" },
      ];
    default:
      return [
        { href: "/staff/users", label: "Users" },
        { href: "/staff/unassigned", label: "Unassigned" },
        { href: "/staff/payments", label: "Payments" },
        { href: "/staff/audit", label: "Audit log" },
        { href: "/profile", label: "Profile" },
      ];
  }
}

/**
 * A safe place to return to after logging in: only same-site paths, so `?next=` cannot be
 * used to send someone to another site.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
