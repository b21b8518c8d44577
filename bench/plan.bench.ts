// Plan engine figures (printed, not asserted): `name: value unit`.
// - plan-build-1000-rules-ms: buildPlan time (median of batch medians, see time()) against a live
//   replication configuration of 999 foreign rules and a ~19 KB destination bucket policy (our rule makes
//   1000, the S3 maximum).
// - plan-build-1-rule-ms: the same for a fresh pair of buckets (nothing live yet).
// - vault-sources-per-bucket-policy: how many distinct source roles (default role names and path) one
//   destination bucket policy holds, through the real plan/apply loop, before the 20 KB limit errors.
// - diff-lines-1000-ms: diffLines time (measured the same way) on two ~1000-line documents with scattered edits.
import { defaultWizardInput, wizardInput } from "../lib/schema/wizard";
import { buildPlan, diffLines, prettyJson } from "../lib/plan";
import { applyToObserved, freshObserved } from "../testing/plan-fixtures";
import type { JsonObject, ObservedState } from "../lib/plan";
import { utf8Bytes } from "../lib/plan/validate";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
/**
 * The median of batch medians, the batches a quarter second apart. On this shared 2-core machine the same
 * code sometimes runs 1.6x slower for a second or two (every figure at once, the 1-rule plan too): that
 * moves a batch or two, not the figure, while a slower engine moves every batch.
 */
function time(fn: () => void, batches = 9, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  const medians: number[] = [];
  for (let b = 0; b < batches; b++) {
    if (b > 0) pause(250);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn();
      samples.push(performance.now() - t);
    }
    medians.push(median(samples));
  }
  return median(medians);
}

const inputFor = (i: number) =>
  wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: {
          accountId: String(100000000000 + i),
          region: "eu-west-1",
          bucket: `app-${String(i).padStart(3, "0")}-logs`,
          access: "plan-only",
        },
        destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
      },
      rule: { priority: 1000 },
    }),
  );

// 1. buildPlan against 999 foreign rules and a ~19 KB bucket policy.
const input = inputFor(1);
const observed: ObservedState = freshObserved(input);
const rules = Array.from({ length: 999 }, (_, i) => ({
  ID: `team-rule-${i}`,
  Priority: i,
  Status: "Enabled",
  Filter: { And: { Prefix: `data/team-${i}/`, Tags: [{ Key: "class", Value: `c${i % 7}` }] } },
  DeleteMarkerReplication: { Status: "Disabled" },
  Destination: { Bucket: `arn:aws:s3:::dr-bucket-${i % 13}`, StorageClass: "STANDARD_IA" },
}));
const statements: JsonObject[] = [];
const policy = { Version: "2012-10-17", Statement: statements };
for (let i = 0; utf8Bytes(policy) < 19 * 1024 - 200; i++) {
  statements.push({
    Sid: `Team${i}Read`,
    Effect: i % 5 === 0 ? "Deny" : "Allow",
    Principal: { AWS: `arn:aws:iam::${200000000000 + i}:role/reader` },
    Action: ["s3:GetObject", "s3:ListBucket"],
    Resource: [`arn:aws:s3:::central-vault/team-${i}/*`],
  });
}
if (observed.source.status === "found")
  observed.source.value.replication = {
    status: "found",
    value: { Role: "arn:aws:iam::100000000001:role/service-role/lockbridge-app-001-logs-to-central-vault", Rules: rules },
  };
if (observed.destination.status === "found") observed.destination.value.policy = { status: "found", value: policy };
let rulesInPlan = 0;
const ms = time(() => {
  const plan = buildPlan(input, observed);
  rulesInPlan = (plan.changes.find((c) => c.id === "source.replication")!.after as { Rules: unknown[] }).Rules.length;
});
console.log(`plan-build-1000-rules-ms: ${ms.toFixed(2)} ms (goal <= 25)`);
const small = inputFor(2);
const smallObserved = freshObserved(small);
console.log(`plan-build-1-rule-ms: ${time(() => buildPlan(small, smallObserved)).toFixed(2)} ms`);
console.log(`plan-build-1000-rules-input-policy-bytes: ${utf8Bytes(policy)} bytes`);
if (rulesInPlan !== 1000) throw new Error(`expected 1000 rules, got ${rulesInPlan}`);

// 2. Sources per vault bucket policy: each source plans and applies against what the previous left.
let vault: ObservedState["destination"] = freshObserved(inputFor(0)).destination;
let sources = 0;
let lastBytes = 0;
for (let i = 0; i < 2000; i++) {
  const inp = inputFor(i);
  const obs = { ...freshObserved(inp), destination: vault };
  const plan = buildPlan(inp, obs);
  if (!plan.applyable) break;
  vault = applyToObserved(plan, obs).destination;
  sources++;
  lastBytes = utf8Bytes(plan.changes.find((c) => c.id === "destination.bucketPolicy")!.after!);
}
console.log(`vault-sources-per-bucket-policy: ${sources} roles (goal >= 231)`);
console.log(`vault-bucket-policy-bytes-at-max: ${lastBytes} bytes`);

// 3. Line diff of ~1000-line documents.
const before = prettyJson(rules.slice(0, 60));
const after = prettyJson(rules.slice(0, 60).map((r, i) => (i % 9 === 0 ? { ...r, Status: "Disabled" } : r)));
console.log(`diff-lines-1000-ms: ${time(() => diffLines(before, after)).toFixed(2)} ms (${before.split("\n").length} lines)`);
