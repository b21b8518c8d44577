// Pure rule selection, delete markers and retention precedence of the sandbox replication engine
// (scripts/replicator/rules.ts). Table: tests/replication-cases/rules.json; the same behaviour end to end
// against the sandbox is in tests/replication-engine.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deleteMarkerRule, replicaLock, type Rule, selectRule, type VersionFacts } from "../scripts/replicator/rules";

type Case = { name: string; rules: Rule[]; version: VersionFacts; expect: string };
const { cases } = JSON.parse(readFileSync("tests/replication-cases/rules.json", "utf8")) as { cases: Case[] };
const dest = { Bucket: "arn:aws:s3:::vault" };
const config = (rules: Rule[]) => ({
  Role: "arn:aws:iam::111111111111:role/r",
  Rules: rules.map((r) => ({ ...r, Destination: r.Destination ?? dest })),
});

describe("selectRule (tests/replication-cases/rules.json)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    const s = selectRule(config(c.rules), c.version);
    expect(s.kind === "replicate" ? s.rule.ID : s.kind).toBe(c.expect);
  });
  it("no configuration: no rule", () => {
    expect(selectRule(null, { key: "a", tags: [] })).toEqual({ kind: "no-rule" });
  });
});

describe("deleteMarkerRule", () => {
  const rule = (id: string, priority: number, filter: Rule["Filter"], dm: "Enabled" | "Disabled"): Rule => ({
    ID: id,
    Priority: priority,
    Status: "Enabled",
    Filter: filter,
    DeleteMarkerReplication: { Status: dm },
    Destination: dest,
  });
  it.each([
    ["prefix rule with DeleteMarkerReplication Enabled", [rule("a", 1, { Prefix: "x/" }, "Enabled")], "x/k", "a"],
    ["Disabled: not replicated", [rule("a", 1, { Prefix: "x/" }, "Disabled")], "x/k", undefined],
    ["outside the prefix: not replicated", [rule("a", 1, { Prefix: "x/" }, "Enabled")], "y/k", undefined],
    ["tag rules never match a delete marker", [rule("t", 1, { Tag: { Key: "k", Value: "v" } }, "Enabled")], "k", undefined],
    ["the winning rule decides", [rule("lo", 1, {}, "Enabled"), rule("hi", 2, {}, "Disabled")], "k", undefined],
  ] as const)("%s", (_n, rules, key, want) => {
    expect(deleteMarkerRule(config([...rules]), key)?.ID).toBe(want);
  });
});

describe("replicaLock: the source version's lock wins over the vault default", () => {
  const created = new Date("2026-03-01T00:00:00.000Z");
  it.each([
    [
      "source retention kept",
      { mode: "COMPLIANCE", retainUntil: "2030-01-01T00:00:00.000Z" },
      { mode: "GOVERNANCE", days: 1 },
      { mode: "COMPLIANCE", retainUntil: "2030-01-01T00:00:00.000Z", from: "source" },
    ],
    [
      "no source retention: vault default in days",
      {},
      { mode: "GOVERNANCE", days: 2 },
      { mode: "GOVERNANCE", retainUntil: "2026-03-03T00:00:00.000Z", from: "vault-default" },
    ],
    [
      "vault default in calendar years",
      {},
      { mode: "COMPLIANCE", years: 1 },
      { mode: "COMPLIANCE", retainUntil: "2027-03-01T00:00:00.000Z", from: "vault-default" },
    ],
    [
      "legal hold alone is kept, with the vault default",
      { legalHold: "ON" },
      { mode: "GOVERNANCE", days: 1 },
      { mode: "GOVERNANCE", retainUntil: "2026-03-02T00:00:00.000Z", legalHold: "ON", from: "vault-default" },
    ],
    ["nothing at all: unlocked", {}, null, { from: "none" }],
  ] as const)("%s", (_n, source, vault, want) => {
    expect(replicaLock(source, vault as Parameters<typeof replicaLock>[1], created)).toEqual(want);
  });
});
