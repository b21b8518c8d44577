// "Who are you": local mode asks a name once (a label for history and four eyes, not a sign-in).
import { env } from "@/lib/env";
import { IdentityError, actorOrNull } from "@/lib/people";
import { NameForm } from "./_components/name-form";
import styles from "./people.module.css";

export const metadata = { title: "Your name · Lockbridge" };

/** Only a path on this site: an open redirect would let a link send people elsewhere after naming themselves. */
function safeNext(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\") ? v : "/plans";
}

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (env().identity.mode !== "local") {
    let message = "Your name comes from the sign-in proxy; Lockbridge does not ask for it.";
    try {
      const actor = await actorOrNull();
      if (actor) message = `You are signed in as ${actor.name} by the sign-in proxy.`;
    } catch (err) {
      if (err instanceof IdentityError) message = err.message;
      else throw err;
    }
    return (
      <div className={`stack ${styles.narrow}`}>
        <h1>Who you are</h1>
        <p className="notice">{message}</p>
      </div>
    );
  }
  const actor = await actorOrNull();
  return (
    <div className={`stack ${styles.narrow}`}>
      <h1>Who you are</h1>
      <p>Lockbridge records who saved, approved and applied each plan. Tell it your name once; it is kept in a cookie in this browser.</p>
      <p className="notice notice-warn" id="local-identity-note">
        <strong>This is not a sign-in</strong>
        In local mode anyone who can reach this server can type any name, so four eyes here guards against mistakes, not against someone
        determined. For real identities, run Lockbridge behind an authenticating proxy (LOCKBRIDGE_IDENTITY=proxy-header).
      </p>
      <section className="card">
        <NameForm current={actor?.name ?? null} next={next} />
      </section>
    </div>
  );
}
