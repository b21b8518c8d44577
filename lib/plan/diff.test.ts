import { describe, expect, it } from "vitest";
import { diffSegments, documentDiff } from "./diff";

const changed = (lines: { kind: string; text: string }[]) =>
  lines.filter((l) => l.kind !== "same").map((l) => `${l.kind} ${l.text.trim()}`);

describe("documentDiff: differences of meaning only", () => {
  it("a replication rule read back in AWS's key order, with only metrics turned on, shows only the metrics lines", () => {
    const live = {
      Role: "arn:aws:iam::111111111111:role/r",
      Rules: [
        {
          DeleteMarkerReplication: { Status: "Disabled" },
          Destination: { Bucket: "arn:aws:s3:::vault", Account: "222222222222" },
          Filter: {},
          ID: "lb",
          Priority: 0,
          Status: "Enabled",
        },
      ],
    };
    const planned = {
      Role: "arn:aws:iam::111111111111:role/r",
      Rules: [
        {
          ID: "lb",
          Priority: 0,
          Status: "Enabled",
          Filter: {},
          DeleteMarkerReplication: { Status: "Disabled" },
          Destination: { Account: "222222222222", Bucket: "arn:aws:s3:::vault", Metrics: { Status: "Enabled" } },
        },
      ],
    };
    expect(changed(documentDiff(live, planned))).toEqual(['add "Metrics": {', 'add "Status": "Enabled"', "add }"].map((s) => s));
  });

  it("actions in another order, a one-element list written as a string and statements reordered give no change", () => {
    const live = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "B", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::x/*"], Principal: { AWS: "arn:aws:iam::1:root" } },
        {
          Sid: "A",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject"],
          Resource: "*",
          Principal: { AWS: "arn:aws:iam::1:root" },
        },
      ],
    };
    const planned = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "A",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::1:root" },
          Action: ["s3:DeleteObject", "s3:PutObject"],
          Resource: "*",
        },
        { Sid: "B", Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::x/*" },
      ],
    };
    expect(changed(documentDiff(live, planned))).toEqual([]);
  });

  it("a real change inside a statement is still shown, next to its unchanged neighbours", () => {
    const live = { Statement: [{ Sid: "A", Effect: "Allow", Action: ["s3:PutObject"], Resource: "*" }] };
    const planned = { Statement: [{ Sid: "A", Effect: "Allow", Action: ["s3:PutObject", "s3:ReplicateTags"], Resource: "*" }] };
    const d = changed(documentDiff(live, planned));
    expect(d).toContain('add "s3:ReplicateTags"');
    expect(d.some((l) => l.startsWith("del") && l.includes("Sid"))).toBe(false);
  });
});

describe("diffSegments", () => {
  const same = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ kind: "same" as const, text: `${tag}${i}` }));
  const add = { kind: "add" as const, text: "new" };

  it("folds long unchanged runs and keeps three lines of context around each change", () => {
    const lines = [...same(20, "a"), add, ...same(20, "b")];
    const segs = diffSegments(lines);
    expect(segs.map((s) => [s.folded, s.lines.length])).toEqual([
      [true, 17],
      [false, 7],
      [true, 17],
    ]);
    expect(segs[1]!.lines.map((l) => l.text)).toEqual(["a17", "a18", "a19", "new", "b0", "b1", "b2"]);
    // Nothing is lost: the segments are the diff, in order.
    expect(segs.flatMap((s) => s.lines)).toEqual(lines);
  });

  it("leaves short unchanged runs open", () => {
    const lines = [...same(5, "a"), add, ...same(9, "b"), add];
    expect(diffSegments(lines).map((s) => [s.folded, s.lines.length])).toEqual([[false, 16]]);
  });

  it("folds a document without changes into one run", () => {
    expect(diffSegments(same(30, "a")).map((s) => [s.folded, s.lines.length])).toEqual([[true, 30]]);
  });
});
