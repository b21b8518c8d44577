// Unit tests for the small pure pieces: hash, canonical form, normalize, line diff, order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { changeKind, diffLines } from "./diff";
import { equivalent, normalize, normalizedJson, withNormalizeCache } from "./normalize";
import { applyWaves, CHANGE_ORDER, DEPENDS_ON } from "./order";
import { sha256Hex } from "./sha256";
import { globMatch, missingStatements } from "./coverage";

describe("sha256Hex", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    ["a".repeat(1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"],
    ["é", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"],
    // Padding edges: 55 bytes fit one block with the length, 56 need a second; 64 fill a block exactly.
    ["x".repeat(55), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"],
    ["x".repeat(56), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"],
    ["x".repeat(64), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"],
    // Three- and four-byte UTF-8, and a lone surrogate (encoded as U+FFFD, as TextEncoder does).
    [`${"€".repeat(40)}😀 ünï`, "40ae5d9b5c01e7d3133ad8a80440a91506bbd8cca6e0fbe2a4a698feebcc2a41"],
    // Two-byte text that would fit the room kept for ASCII text but not its padding.
    ["é".repeat(92), "3c1fba588112abcaee4b4c476c1df3e28d207aac3b482dab02eb95c0c63f03ee"],
    ["\ud800 lone", "b98e34b15c5918c3829e8641e1403bbd39d6421677d125e060d45e86957bb93d"],
  ])("hashes %#", (text, hex) => expect(sha256Hex(text)).toBe(hex));
});

// Reference forms, written the plain way: the fast implementations must agree with them on any document.
type Doc = null | boolean | number | string | Doc[] | { [key: string]: Doc };
const sortedKeys = (v: Doc): Doc =>
  Array.isArray(v)
    ? v.map(sortedKeys)
    : v !== null && typeof v === "object"
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sortedKeys(v[k]!)]),
        )
      : v;
const docKeys = fc.constantFrom("Filter", "Metrics", "ReplicationTime", "Status", "Sid", "a", "b", "é", 'q"uote');
const leaf = fc.oneof(fc.constantFrom("", "Disabled", "Enabled"), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("doc"), { maxLength: 4 }), fc.dictionary(docKeys, tie("doc"), { maxKeys: 5 })),
}));

describe("canonical forms agree with their plain definitions", () => {
  it("canonicalJson is JSON.stringify of the document with sorted keys", () => {
    fc.assert(
      fc.property(doc, (d) => canonicalJson(d) === JSON.stringify(sortedKeys(d))),
      { numRuns: 2000 },
    );
  });
  it("normalizedJson is canonicalJson(normalize()), with or without the per-build cache and shared sub-documents", () => {
    fc.assert(
      fc.property(doc, (d) => {
        const want = canonicalJson(normalize(d) ?? null);
        const shared = { a: d, b: [d, { c: d }] };
        return (
          normalizedJson(d) === want &&
          withNormalizeCache(() => normalizedJson(d) === want && normalizedJson(shared) === canonicalJson(normalize(shared) ?? null))
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("canonicalJson / normalize", () => {
  it("sorts keys and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [2, 1] })).toBe('{"a":[2,1],"b":1}');
  });
  it("treats singleton lists, duplicates, order and empties as equivalent", () => {
    expect(equivalent({ Action: ["s3:A"], Resource: "x", Sid: "" }, { Resource: ["x", "x"], Action: "s3:A" })).toBe(true);
    expect(equivalent({ Action: ["s3:A", "s3:B"] }, { Action: ["s3:B", "s3:A"] })).toBe(true);
    expect(equivalent({ Action: ["s3:A", "s3:B"] }, { Action: ["s3:A"] })).toBe(false);
  });
  it("keeps an empty Filter (V2 whole bucket) and equates Filter {Prefix: ''} with Filter {}", () => {
    expect(normalize({ ID: "r", Filter: {} })).toEqual({ ID: "r", Filter: {} });
    expect(equivalent({ ID: "r", Filter: { Prefix: "" } }, { ID: "r", Filter: {} })).toBe(true);
    expect(equivalent({ ID: "r", Filter: {} }, { ID: "r" })).toBe(false);
  });
  it("treats Disabled optional features as absent", () => {
    expect(equivalent({ SourceSelectionCriteria: { ReplicaModifications: { Status: "Disabled" } } }, {})).toBe(true);
    expect(equivalent({ DeleteMarkerReplication: { Status: "Disabled" } }, {})).toBe(false);
  });
  it("classifies changes", () => {
    expect(changeKind(null, { Status: "Enabled" })).toBe("create");
    expect(changeKind({ Status: "Suspended" }, { Status: "Enabled" })).toBe("update");
    expect(changeKind({ Statement: { Effect: "Allow" } }, { Statement: [{ Effect: "Allow" }] })).toBe("no-op");
  });
});

describe("diffLines", () => {
  it("marks added and deleted lines", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "x" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
    expect(diffLines("", "a")).toEqual([{ kind: "add", text: "a" }]);
    expect(diffLines("a", "")).toEqual([{ kind: "del", text: "a" }]);
  });
  it("handles ~1000-line documents with scattered edits and reproduces both sides", () => {
    const before = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const after = before.map((l, i) => (i % 37 === 0 ? `${l} changed` : l)).filter((_, i) => i % 101 !== 0);
    after.splice(500, 0, "inserted");
    const d = diffLines(before.join("\n"), after.join("\n"));
    expect(d.filter((l) => l.kind !== "add").map((l) => l.text)).toEqual(before);
    expect(d.filter((l) => l.kind !== "del").map((l) => l.text)).toEqual(after);
    expect(d.filter((l) => l.kind === "same").length).toBeGreaterThan(900);
  });
});

describe("order", () => {
  it("CHANGE_ORDER is a topological order of DEPENDS_ON", () => {
    CHANGE_ORDER.forEach((id, i) => DEPENDS_ON[id].forEach((d) => expect(CHANGE_ORDER.indexOf(d)).toBeLessThan(i)));
  });
  it("groups independent changes of both accounts into waves", () => {
    const changes = CHANGE_ORDER.map((id) => ({ id, dependsOn: [...DEPENDS_ON[id]] }));
    expect(applyWaves(changes)).toEqual([
      ["destination.versioning", "source.role", "source.versioning"],
      ["destination.objectLock", "source.rolePolicy", "destination.keyPolicy", "destination.bucketPolicy"],
      ["source.replication"],
    ]);
  });
});

describe("coverage", () => {
  it("matches IAM wildcards", () => {
    expect(globMatch("s3:Get*", "s3:GetObjectRetention", true)).toBe(true);
    expect(globMatch("S3:get*", "s3:GetObjectRetention", true)).toBe(true);
    expect(globMatch("arn:aws:s3:::a?c/*", "arn:aws:s3:::abc/k", false)).toBe(true);
    expect(globMatch("arn:aws:s3:::a.c", "arn:aws:s3:::abc", false)).toBe(false);
  });
  it("keeps only uncovered actions; conditional grants do not count", () => {
    const required = [{ Sid: "X", Effect: "Allow", Action: ["s3:A", "s3:B"], Resource: "r" }];
    expect(missingStatements(required, [{ Statement: [{ Effect: "Allow", Action: "s3:A", Resource: "*" }] }])).toEqual([
      { Sid: "X", Effect: "Allow", Action: ["s3:B"], Resource: "r" },
    ]);
    expect(
      missingStatements(required, [
        { Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "r", Condition: { Bool: { x: "true" } } }] },
      ]),
    ).toEqual(required);
    expect(missingStatements(required, [{ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }])).toEqual([]);
  });
});
