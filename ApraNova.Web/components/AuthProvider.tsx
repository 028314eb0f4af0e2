"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { api } from "@/lib/api";
import type { UserDto } from "@/lib/types";

export type AuthState =
  | { status: "loading"; user: null }
  | { status: "anonymous"; user: null; loggedOut?: boolean }
  | { status: "authenticated"; user: UserDto };

const AuthContext = createContext<AuthState>({ status: "loading", user: null });

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading", user: null });

  useEffect(() => {
    const unsubscribe = api.onSessionChange((session, ended) =>
      setState(
        session
          ? { status: "authenticated", user: session.user }
          : { status: "anonymous", user: null, loggedOut: ended === "logout" },
      ),
    );
    // The access token lives only in memory, so a reload starts without one: the httpOnly
    // refresh cookie brings the session back (or tells us there is none).
    const existing = api.currentSession;
    if (existing) setState({ status: "authenticated", user: existing.user });
    else
      void api.refresh().then((session) => {
        if (!session) setState({ status: "anonymous", user: null });
      });
    return unsubscribe;
  }, []);

  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export const useAuth = () => useContext(AuthContext);
