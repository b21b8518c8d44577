"use server";
// Server action: a local user names themselves once; the name is kept in a cookie for a year. The one
// action that runs without an actor (it is how a local user gets one), still through serverAction.
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { serverAction } from "@/lib/http/action";
import { refusal, type ActionResult } from "@/lib/http/result";
import { actorName } from "@/lib/people/names";
import { LOCAL_USER_COOKIE } from "@/lib/people/resolve";

export type SetLocalUserResult = ActionResult<{ name: string }>;

export const setLocalUser = serverAction({
  name: "setLocalUser",
  input: actorName,
  permission: "name",
  run: async (name): Promise<SetLocalUserResult> => {
    if (env().identity.mode !== "local") return refusal("Your name comes from the sign-in proxy here; it cannot be changed in Lockbridge.");
    (await cookies()).set(LOCAL_USER_COOKIE, encodeURIComponent(name), {
      httpOnly: true,
      sameSite: "strict",
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    return { ok: true, name };
  },
});
