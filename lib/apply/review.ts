import "server-only";
// Review: discover + buildPlan on the server (the client never supplies documents), remembered by
// fingerprint so a later refused apply can say WHAT drifted since review.
import { discover } from "@/lib/aws/discover";
import { type CallHooks, destroyClients, type SideClients, sideClients } from "@/lib/aws/session";
import { buildPlan } from "@/lib/plan/build";
import type { ObservedState } from "@/lib/plan/observed";
import type { Plan } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import { driftDetails } from "./drift";
import { type Baseline, baselineOf } from "./resume";

const MAX_REVIEWS = 500;
const g = globalThis as { __lockbridgeReviews?: Map<string, Baseline> };
const reviews = (g.__lockbridgeReviews ??= new Map<string, Baseline>());

export function rememberReview(plan: Plan): void {
  reviews.delete(plan.fingerprint);
  reviews.set(plan.fingerprint, baselineOf(plan));
  for (const key of reviews.keys()) {
    if (reviews.size <= MAX_REVIEWS) break;
    reviews.delete(key);
  }
}

/**
 * The one "discover, then build the plan" of the server: reads both accounts now (each with its own
 * credentials) and builds the plan from what it saw. Review, saved plans, exports, the vault pages and
 * apply's re-read all come through here. Remembered by fingerprint (unless `remember` is false, as for
 * apply's own re-plan), so a later refused apply can say what drifted since review.
 */
export async function planNow(
  input: WizardInput,
  opts: { clients?: SideClients; hooks?: CallHooks; remember?: boolean } = {},
): Promise<{ plan: Plan; observed: ObservedState }> {
  const clients = opts.clients ?? sideClients(input, opts.hooks);
  try {
    const observed = await discover(input, { clients });
    const plan = buildPlan(input, observed);
    if (opts.remember !== false) rememberReview(plan);
    return { plan, observed };
  } finally {
    if (!opts.clients) destroyClients(clients);
  }
}

export async function reviewPlan(input: WizardInput, opts: { clients?: SideClients; hooks?: CallHooks } = {}): Promise<Plan> {
  return (await planNow(input, opts)).plan;
}

/** Why the re-planned `plan` does not match the approved fingerprint, in plain words. */
export function explainDrift(approved: string, plan: Plan): string[] {
  const reviewed = reviews.get(approved);
  const short = (f: string) => `${f.slice(0, 12)}…`;
  if (!reviewed) {
    return [
      `The approved plan ${short(approved)} is not the plan built now (${short(plan.fingerprint)}), and this server does not know the reviewed plan (e.g. after a restart). Review the plan again.`,
    ];
  }
  return driftDetails({ inputHash: reviewed.inputHash, observedHashes: reviewed.observedHashes }, plan, "review");
}
