"use server";
// Server action: a local user names themselves once; the name is kept in a cookie for a year. The one
// action that runs without an actor (it is how a local user gets one), still through serverAction.
import { cookies } from "next/headers";
import { env } from "../env";
import { serverAction } from "../http/action";
import { refusal, type ActionResult } from "../http/result";
import { actorName } from "./names";
import { LOCAL_USER_COOKIE } from "./resolve";

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
