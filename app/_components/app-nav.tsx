// The header's navigation and who is acting, on every page (app-wide, so it lives at the app root; not
// in components/, because it resolves the person on the server).
import Link from "next/link";
import { env } from "@/lib/env";
import { IdentityError, actorOrNull } from "@/lib/people";
import styles from "./app-nav.module.css";
import { Suspense } from "react";
import { NameLink } from "./name-link";

async function who(): Promise<{ name: string | null; error?: string }> {
  try {
    const actor = await actorOrNull();
    return { name: actor?.name ?? null };
  } catch (err) {
    if (err instanceof IdentityError) return { name: null, error: err.message };
    throw err;
  }
}

export async function AppNav() {
  const { name, error } = await who();
  const local = env().identity.mode === "local";
  return (
    <nav aria-label="Main" className={styles.nav}>
      <Link href="/wizard/accounts">Wizard</Link>
      <Link href="/onboard">Onboard</Link>
      <Link href="/vaults">Vaults</Link>
      <Link href="/plans">Plans</Link>
      <Link href="/audit">Audit log</Link>
      <span className={styles.who} data-testid="acting-as">
        {error ? (
          <span title={error}>Not signed in</span>
        ) : name ? (
          <>
            Acting as <strong>{name}</strong>
            {local ? (
              <>
                {" "}
                <Suspense fallback={<Link href="/people">(change)</Link>}>
                  <NameLink>(change)</NameLink>
                </Suspense>
              </>
            ) : null}
          </>
        ) : (
          <Suspense fallback={<Link href="/people">Tell us your name</Link>}>
            <NameLink>Tell us your name</NameLink>
          </Suspense>
        )}
      </span>
    </nav>
  );
}
