// Hostile input against the pure engine: whatever a form or an API caller sends, the schema either
// refuses it with field messages, or buildPlan turns it into valid JSON documents within AWS's size
// limits, or the plan carries a validation error. It never throws, and user text always stays data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPlan, emptyObserved, LIMITS } from "@/lib/plan";
import { applyToObserved, freshObserved } from "@/testing/plan-fixtures";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '"}]',
    "\\",
    '\\"',
    "${HOME}",
    "$(rm -rf /)",
    "`id`",
    "'; DROP TABLE plans;--",
    "\u0000",
    "\u2028",
    "<script>alert(1)</script>",
    "EOF",
    "'LOCKBRIDGE_EOF'",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);
const maybe = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: other, weight: 1 });

const side = (accountId: string, bucket: string) =>
  fc.record({
    accountId: maybe(fc.constant(accountId), nasty),
    region: maybe(fc.constantFrom("eu-west-1", "us-east-1"), nasty),
    bucket: maybe(fc.constant(bucket), nasty),
    access: fc.constantFrom("plan-only", "role", "server"),
    roleArn: maybe(fc.constant(`arn:aws:iam::${accountId}:role/Admin`), nasty),
    externalId: maybe(fc.constant(""), nasty),
  });

const values = fc
  .record({
    source: side("111111111111", "src-bucket"),
    destination: side("222222222222", "vault-bucket"),
    prefix: nasty,
    tags: fc.array(fc.record({ key: nasty, value: nasty }), { maxLength: 4 }),
    scope: fc.constantFrom("all", "prefix", "tags", "prefix-tags"),
    ruleId: maybe(fc.constant(""), nasty),
    roleName: maybe(fc.constant(""), nasty),
    priority: maybe(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.integer(), fc.double(), fc.constant("1"))),
    kms: fc.boolean(),
    retention: fc.record({
      enabled: fc.boolean(),
      mode: fc.constantFrom("GOVERNANCE", "COMPLIANCE"),
      unit: fc.constantFrom("Days", "Years"),
      value: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: -5, max: 40000 })),
    }),
  })
  .map((v) => {
    const base = defaultWizardInput({ accounts: { source: v.source, destination: v.destination } as never });
    return {
      ...base,
      objectLock: { retention: v.retention },
      role: { mode: "create", roleName: v.roleName, path: "/service-role/" },
      encryption: v.kms
        ? {
            mode: "sse-kms",
            sourceKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555",
            destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-8888-9999-000000000000",
            bucketKeys: true,
          }
        : { mode: "none" },
      rule: {
        ...base.rule,
        ruleId: v.ruleId,
        priority: v.priority,
        scope: v.scope,
        prefix: v.prefix,
        tags: v.tags,
        deleteMarkerReplication: false,
      },
    };
  });

const docLimit: Record<string, number> = {
  bucketPolicy: LIMITS.bucketPolicyBytes,
  keyPolicy: LIMITS.keyPolicyBytes,
  trust: LIMITS.trustChars,
};

describe("hostile input", () => {
  it("never throws; documents are valid JSON within limits, or the plan says why not", () => {
    let parsedCount = 0;
    fc.assert(
      fc.property(values, (raw) => {
        const parsed = wizardInput.safeParse(raw);
        if (!parsed.success) {
          // Refusals are field-level: every issue names a path a form can show.
          for (const issue of parsed.error.issues) expect(issue.path.length).toBeGreaterThan(0);
          return;
        }
        parsedCount++;
        const input = parsed.data;
        for (const [state, observed] of [
          ["plan-only", emptyObserved(input)],
          ["fresh", freshObserved(input)],
        ] as const) {
          const plan = buildPlan(input, observed);
          for (const doc of plan.documents) {
            const text = JSON.stringify(doc.after);
            expect(JSON.parse(text)).toEqual(doc.after);
            const limit = docLimit[doc.id];
            if (limit !== undefined && new TextEncoder().encode(text).length > limit) expect(plan.applyable).toBe(false);
          }
          // User text is data: the prefix and tags come back exactly, never as structure.
          const replication = plan.documents.find((d) => d.id === "replication")?.after as
            { Rules?: { ID?: string; Filter?: unknown }[] } | undefined;
          const ours = replication?.Rules?.find((r) => r.ID === input.rule.ruleId);
          if (ours && input.rule.scope === "prefix") expect(ours.Filter).toEqual({ Prefix: input.rule.prefix });
          // A plan applied and re-planned converges (no surprise rewrites of user text).
          if (plan.applyable && state === "fresh") {
            const again = buildPlan(input, applyToObserved(plan, observed));
            expect(again.changes.filter((c) => c.kind !== "no-op").map((c) => c.id)).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(parsedCount).toBeGreaterThan(30); // the generator reaches the engine, not only the schema
  });
});
