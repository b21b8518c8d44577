"use server";
// Server action: a local user names themselves once; the name is kept in a cookie for a year.
import { cookies } from "next/headers";
import { env } from "../env";
import { validateActorName } from "./names";
import { LOCAL_USER_COOKIE } from "./resolve";

export type SetLocalUserResult = { ok: true; name: string } | { ok: false; error: string };

export async function setLocalUser(name: unknown): Promise<SetLocalUserResult> {
  if (env().identity.mode !== "local") {
    return { ok: false, error: "Your name comes from the sign-in proxy here; it cannot be changed in Lockbridge." };
  }
  const check = validateActorName(name);
  if (!check.ok) return { ok: false, error: check.error };
  (await cookies()).set(LOCAL_USER_COOKIE, encodeURIComponent(check.name), {
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
  return { ok: true, name: check.name };
}
