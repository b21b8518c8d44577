// Approval is bound to a fingerprint: SHA-256 of the canonical JSON of the normalized changes plus the
// hash of every observed item they were built from. Apply re-reads, re-plans and compares (docs/architecture.md, habit 2).
import { canonicalJson } from "./canonical";
import { normalizedJson } from "./normalize";
import type { BucketState, ObservedState, Read } from "./observed";
import { sha256Hex } from "./sha256";
import type { Change } from "./types";

const hashRead = (r: Read<unknown>) => sha256Hex(canonicalJson(r));

/** One hash per observed item, keyed like "destination.policy", "role", "destinationKey.policy". */
export function observedHashes(observed: ObservedState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const side of ["source", "destination"] as const) {
    const b = observed[side];
    if (b.status !== "found") {
      out[side] = hashRead(b);
      continue;
    }
    out[side] = sha256Hex("found");
    for (const key of Object.keys(b.value).sort() as (keyof BucketState)[]) {
      const v = b.value[key];
      out[`${side}.${key}`] = typeof v === "object" ? hashRead(v) : sha256Hex(canonicalJson(v ?? null));
    }
  }
  out.role = hashRead(observed.role);
  for (const k of ["sourceKey", "destinationKey"] as const) {
    const key = observed[k];
    if (!key) continue;
    if (key.status === "found") {
      const { policy, ...metadata } = key.value;
      out[k] = sha256Hex(canonicalJson(metadata));
      out[`${k}.policy`] = hashRead(policy);
    } else out[k] = hashRead(key);
  }
  return out;
}

/**
 * Stable across key order, statement order and serialization details; changes when any change does.
 * The text hashed is canonicalJson({ version, changes: [{ id, account, accountId, action, target, kind,
 * after: normalize(after), dependsOn }], observed }); `after` is spliced in already canonical so a large
 * document is not serialized twice.
 */
export function planFingerprint(changes: Change[], hashes: Record<string, string>): string {
  const AFTER = "\u0000after\u0000";
  const items = changes.map((c) => {
    const rest = canonicalJson({
      id: c.id,
      account: c.account,
      accountId: c.accountId,
      action: c.action,
      target: c.target,
      kind: c.kind,
      after: AFTER,
      dependsOn: c.dependsOn,
    });
    return rest.replace(JSON.stringify(AFTER), () => normalizedJson(c.after));
  });
  return sha256Hex(`{"changes":[${items.join(",")}],"observed":${canonicalJson(hashes)},"version":1}`);
}
