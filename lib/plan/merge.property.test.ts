// Property tests for the merge rules at the top of merge.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput } from "../schema/wizard";
import { buildPlan } from "./build";
import { canonicalJson, statementsOf } from "./canonical";
import { applyToObserved, freshObserved } from "../../testing/plan-fixtures";
import { awsPrincipals, mergeConsolidated, mergeReplication } from "./merge";
import { OWNED_SIDS, SIDS } from "./names";
import { normalize } from "./normalize";
import { foreignContentPreserved } from "./preserve";
import { renderBucketPolicyStatement } from "./render/policies";
import type { Json, JsonObject, PolicyDocument, ReplicationConfiguration } from "./types";

const OWNED: readonly string[] = OWNED_SIDS.bucketPolicy;
const DEST = "arn:aws:s3:::central-vault";
const ME = "arn:aws:iam::111122223333:role/service-role/me";

const text = fc.string({ maxLength: 12 });
const strOrList = fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 }));
const roleArn = fc.integer({ min: 100000000000, max: 999999999999 }).map((n) => `arn:aws:iam::${n}:role/r${n % 97}`);

const foreignStatement: fc.Arbitrary<JsonObject> = fc.record(
  {
    Sid: text.filter((s) => !OWNED.includes(s)),
    Effect: fc.constantFrom("Allow", "Deny"),
    Principal: fc.oneof(fc.constant("*"), fc.record({ AWS: strOrList })),
    Action: strOrList,
    Resource: strOrList,
    Condition: fc.record({ StringEquals: fc.dictionary(text, strOrList, { maxKeys: 2 }) }),
  },
  { requiredKeys: ["Effect", "Principal", "Action"] },
) as fc.Arbitrary<JsonObject>;

const ourStatement: fc.Arbitrary<JsonObject> = fc
  .tuple(fc.constantFrom(...OWNED), fc.array(roleArn, { minLength: 1, maxLength: 4 }))
  .map(([sid, principals]) => renderBucketPolicyStatement(DEST, principals, sid === SIDS.bucketReplicationOwnerOverride));

const livePolicy = fc
  .tuple(fc.array(foreignStatement, { maxLength: 6 }), fc.array(ourStatement, { maxLength: 2 }), fc.boolean())
  .chain(([foreign, ours, withId]) =>
    fc
      .shuffledSubarray([...foreign, ...ours], { minLength: foreign.length + ours.length })
      .map((statements): PolicyDocument => ({ Version: "2012-10-17", ...(withId ? { Id: "x" } : {}), Statement: statements })),
  );

const merge = (live: PolicyDocument | null, ownerOverride = true) =>
  mergeConsolidated({
    live,
    base: { Version: "2012-10-17", Statement: [] },
    owned: OWNED,
    principal: ME,
    sid: ownerOverride ? SIDS.bucketReplicationOwnerOverride : SIDS.bucketReplication,
    render: (sid, p) => renderBucketPolicyStatement(DEST, p, sid === SIDS.bucketReplicationOwnerOverride),
  });

const isForeign = (st: Json) =>
  !(typeof st === "object" && st !== null && !Array.isArray(st) && typeof st.Sid === "string" && OWNED.includes(st.Sid));
const principalsOf = (doc: Json) =>
  new Set(
    statementsOf(doc)
      .filter((s) => !isForeign(s))
      .flatMap((s) => {
        const aws = (s as { Principal: { AWS: Json } }).Principal.AWS;
        return Array.isArray(aws) ? aws : [aws];
      }),
  );

describe("policy merge properties", () => {
  it("never drops, alters or reorders a foreign statement (same objects, same order)", () => {
    fc.assert(
      fc.property(livePolicy, fc.boolean(), (live, oo) => {
        const out = merge(live, oo);
        expect(statementsOf(out).filter(isForeign)).toEqual(statementsOf(live).filter(isForeign));
        statementsOf(live)
          .filter(isForeign)
          .forEach((st) => expect(statementsOf(out)).toContain(st));
        expect(foreignContentPreserved(live, out, "PutBucketPolicy", OWNED)).toEqual([]);
      }),
    );
  });

  it("keeps every principal already in our statements and adds ours", () => {
    fc.assert(
      fc.property(livePolicy, fc.boolean(), (live, oo) => {
        const after = principalsOf(merge(live, oo));
        for (const p of principalsOf(live)) expect(after.has(p)).toBe(true);
        expect(after.has(ME)).toBe(true);
      }),
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(livePolicy, fc.boolean(), (live, oo) => {
        const once = merge(live, oo);
        expect(canonicalJson(merge(once, oo))).toBe(canonicalJson(once));
      }),
    );
  });

  it("does not depend on the order of the live statements", () => {
    fc.assert(
      fc.property(
        livePolicy.chain((live) =>
          fc.tuple(fc.constant(live), fc.shuffledSubarray(statementsOf(live), { minLength: statementsOf(live).length })),
        ),
        ([live, shuffled]) => {
          const a = merge(live);
          const b = merge({ ...live, Statement: shuffled });
          expect(canonicalJson(normalize(b))).toBe(canonicalJson(normalize(a)));
        },
      ),
    );
  });

  it("detects a removed or altered foreign statement", () => {
    const live: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [{ Sid: "Keep", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }],
    };
    expect(foreignContentPreserved(live, { Version: "2012-10-17", Statement: [] }, "PutBucketPolicy", OWNED)).toHaveLength(1);
    const altered = {
      Version: "2012-10-17",
      Statement: [{ Sid: "Keep", Effect: "Deny", Principal: "*", Action: "s3:Get*", Resource: "*" }],
    };
    expect(foreignContentPreserved(live, altered, "PutBucketPolicy", OWNED)).toEqual(["Statement Keep would be removed or altered."]);
  });

  it("treats a rule with our ID to another bucket as foreign: the last-moment guard refuses to replace it", () => {
    const ours = { ID: "lockbridge-to-vault", Priority: 0, Status: "Enabled", Filter: {}, Destination: { Bucket: "arn:aws:s3:::vault" } };
    const repointed = { ...ours, Destination: { Bucket: "arn:aws:s3:::elsewhere" } };
    const after = { Role: "arn:aws:iam::111122223333:role/r", Rules: [ours] };
    expect(foreignContentPreserved({ ...after, Rules: [repointed] }, after, "PutBucketReplication", [ours.ID])).toEqual([
      "Rule lockbridge-to-vault would be removed or altered.",
    ]);
    // Our own rule, changed (here disabled), is ours to replace.
    expect(
      foreignContentPreserved({ ...after, Rules: [{ ...ours, Status: "Disabled" }] }, after, "PutBucketReplication", [ours.ID]),
    ).toEqual([]);
  });

  it("treats a look-alike (our Sid, not our shape) as foreign: the last-moment guard refuses to drop it", () => {
    const sid = OWNED[0]!;
    const lookalike = {
      Sid: sid,
      Effect: "Deny",
      Principal: { AWS: "arn:aws:iam::111122223333:role/x" },
      Action: "s3:ReplicateObject",
      Resource: "*",
    };
    const live: PolicyDocument = { Version: "2012-10-17", Statement: [lookalike] };
    expect(foreignContentPreserved(live, { Version: "2012-10-17", Statement: [] }, "PutBucketPolicy", OWNED)).toEqual([
      `Statement ${sid} would be removed or altered.`,
    ]);
    // Merging never re-renders it: the Deny stays a Deny, and its principal never joins ours.
    const out = merge(live);
    expect(statementsOf(out)).toContainEqual(lookalike);
    expect(
      statementsOf(out)
        .filter((st) => canonicalJson(st).includes('"Effect":"Allow"'))
        .flatMap(awsPrincipals),
    ).not.toContain("arn:aws:iam::111122223333:role/x");
  });
});

const OUR_RULE: JsonObject = {
  ID: "lockbridge-ours",
  Priority: 500,
  Status: "Enabled",
  Filter: {},
  DeleteMarkerReplication: { Status: "Disabled" },
  Destination: { Bucket: DEST, Account: "444455556666" },
};
const foreignRule = fc.record({
  ID: text.filter((s) => s !== "lockbridge-ours"),
  Priority: fc.integer({ min: 0, max: 499 }),
  Status: fc.constantFrom("Enabled", "Disabled"),
  Filter: fc.oneof(fc.constant({}), fc.record({ Prefix: text }), fc.record({ Tag: fc.record({ Key: text, Value: text }) })),
  DeleteMarkerReplication: fc.record({ Status: fc.constantFrom("Enabled", "Disabled") }),
  Destination: fc.record({ Bucket: text.map((t) => `arn:aws:s3:::${t}`) }),
}) as fc.Arbitrary<JsonObject>;

describe("replication merge properties", () => {
  const liveConfig = fc.tuple(fc.array(foreignRule, { maxLength: 8 }), fc.boolean()).map(([rules, withOurs]): ReplicationConfiguration => ({
    Role: ME,
    Rules: withOurs ? [...rules, { ...OUR_RULE, Priority: 1 }] : rules,
  }));

  it("writes back every foreign rule unchanged, replaces ours, is idempotent and order-independent", () => {
    fc.assert(
      fc.property(liveConfig, (live) => {
        const out = mergeReplication(live, ME, OUR_RULE).config;
        expect(out.Rules.filter((r) => r.ID !== "lockbridge-ours")).toEqual(live.Rules.filter((r) => r.ID !== "lockbridge-ours"));
        expect(out.Rules.filter((r) => r.ID === "lockbridge-ours")).toEqual([OUR_RULE]);
        expect(foreignContentPreserved(live, out, "PutBucketReplication", ["lockbridge-ours"])).toEqual([]);
        expect(canonicalJson(mergeReplication(out, ME, OUR_RULE).config)).toBe(canonicalJson(out));
        const reversed = mergeReplication({ ...live, Rules: [...live.Rules].reverse() }, ME, OUR_RULE).config;
        expect(canonicalJson(normalize(reversed))).toBe(canonicalJson(normalize(out)));
      }),
    );
  });
});

describe("user text stays data", () => {
  const nasty = fc.oneof(
    fc.constantFrom('"}]', "\\", '"', "${x}", "%{y}", "'; rm -rf / #", "\n", "LOCKBRIDGE_JSON", "</script>", 'a"},{"Effect":"Allow'),
    fc.string({ minLength: 1, maxLength: 20 }),
  );
  it("prefixes and tags with quotes, backslashes and brackets come out as the same strings in valid JSON", () => {
    fc.assert(
      fc.property(nasty, nasty, fc.string({ maxLength: 20 }), (prefix, key, value) => {
        const form = defaultWizardInput({
          accounts: {
            source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
            destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
          },
          rule: { scope: "prefix-tags", prefix, tags: [{ key, value }], ruleId: `r-"${key.replace(/[^\x20-\x7e]/g, "")}` },
        });
        const input = wizardInput.parse(form);
        const plan = buildPlan(input, freshObserved(input));
        const round = JSON.parse(JSON.stringify(plan)) as typeof plan;
        expect(round).toEqual(plan);
        const rule = (plan.changes.find((c) => c.id === "source.replication")!.after as ReplicationConfiguration).Rules[0]!;
        expect(rule.Filter).toEqual({ And: { Prefix: prefix, Tags: [{ Key: key, Value: value }] } });
        expect(rule.ID).toBe(input.rule.ruleId);
        const again = buildPlan(input, applyToObserved(plan, freshObserved(input)));
        expect(again.changes.every((c) => c.kind === "no-op")).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
