// Audit log: every write call recorded, filtered, paginated and exported as JSON Lines; append-only;
// and never a credential, whatever the caller hands it.
import Database from "better-sqlite3";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scrub, scrubString } from "@/lib/store/scrub";
import { DB_FILE_NAME } from "@/lib/store/sqlite";
import { openTemp } from "@/testing/store-fixtures";
import type { AuditEntry, AuditEntryInput } from "@/lib/store/types";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const entry = (over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  at: "2026-03-01T10:00:00.000Z",
  actor: "alice@example.com",
  planId: "plan-1",
  runId: "run-1",
  changeId: "destination.bucketPolicy",
  account: "destination",
  accountId: "444455556666",
  region: "eu-central-1",
  api: "PutBucketPolicy",
  target: "central-vault",
  requestId: "REQ1",
  result: "ok",
  before: null,
  after: { Version: "2012-10-17", Statement: [] },
  ...over,
});

async function seeded() {
  const t = openTemp();
  cleanups.push(t.close);
  const s = t.store;
  await s.appendAudit(entry());
  await s.appendAudit(
    entry({
      at: "2026-03-01T10:01:00.000Z",
      changeId: "source.role",
      account: "source",
      accountId: "111122223333",
      api: "CreateRole",
      target: "lockbridge-app-logs-to-central-vault",
    }),
  );
  await s.appendAudit(
    entry({
      at: "2026-03-02T09:00:00.000Z",
      actor: "bob@example.com",
      planId: "plan-2",
      runId: "run-9",
      api: "PutBucketReplication",
      account: "source",
      accountId: "111122223333",
      target: "app-logs",
      result: "failed",
      errorCode: "AccessDenied",
      errorMessage: "Access Denied",
    }),
  );
  await s.appendAudit(entry({ at: "2026-03-03T09:00:00.000Z", planId: "plan-2", target: "Other_Vault%", api: "PutBucketPolicy" }));
  return t;
}

describe("audit log", () => {
  it("records every field of a write call, in order", async () => {
    const { store } = await seeded();
    const page = await store.listAudit({}, { order: "asc" });
    expect(page.total).toBe(4);
    expect(page.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(page.entries[0]).toEqual({ ...entry(), errorCode: null, errorMessage: null, seq: 1, scrubbed: [] });
    expect(page.entries[2]).toMatchObject({
      result: "failed",
      errorCode: "AccessDenied",
      errorMessage: "Access Denied",
      requestId: "REQ1",
    });
  });

  it("filters by plan, account, API, actor, result, time range and target text", async () => {
    const { store } = await seeded();
    const seqs = async (f: Parameters<typeof store.listAudit>[0]) => (await store.listAudit(f, { order: "asc" })).entries.map((e) => e.seq);
    expect(await seqs({ planId: "plan-2" })).toEqual([3, 4]);
    expect(await seqs({ accountId: "111122223333" })).toEqual([2, 3]);
    expect(await seqs({ account: "destination" })).toEqual([1, 4]);
    expect(await seqs({ api: "PutBucketPolicy" })).toEqual([1, 4]);
    expect(await seqs({ actor: "bob@example.com" })).toEqual([3]);
    expect(await seqs({ result: "failed" })).toEqual([3]);
    expect(await seqs({ from: "2026-03-01T10:00:30Z", to: "2026-03-02T23:59:59Z" })).toEqual([2, 3]);
    expect(await seqs({ text: "VAULT" })).toEqual([1, 2, 4]);
    // "%" and "_" are literal characters in the text search, not wildcards.
    expect(await seqs({ text: "r_vault%" })).toEqual([4]);
    expect(await seqs({ text: "%" })).toEqual([4]);
    expect(await seqs({ planId: "plan-2", api: "PutBucketPolicy" })).toEqual([4]);
    await expect(store.listAudit({ from: "yesterday-ish" })).rejects.toThrow(/from is not a date/);
  });

  it("paginates newest first with a cursor", async () => {
    const { store } = await seeded();
    const p1 = await store.listAudit({}, { limit: 3 });
    expect(p1.entries.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(p1).toMatchObject({ total: 4, nextCursor: 2 });
    const p2 = await store.listAudit({}, { limit: 3, cursor: p1.nextCursor! });
    expect(p2.entries.map((e) => e.seq)).toEqual([1]);
    expect(p2.nextCursor).toBeNull();
  });

  it("exports JSON Lines that round-trip to the same entries, in pages", async () => {
    const t = openTemp();
    cleanups.push(t.close);
    for (let i = 0; i < 1203; i++)
      await t.store.appendAudit(entry({ target: `bucket-${i}`, before: { i, nested: { q: 'a\nb "quoted"' } } }));
    const lines: string[] = [];
    for await (const line of t.store.exportAuditJsonl()) lines.push(line);
    expect(lines).toHaveLength(1203);
    expect(lines.every((l) => l.endsWith("\n") && !l.slice(0, -1).includes("\n"))).toBe(true);
    const parsed = lines.map((l) => JSON.parse(l) as AuditEntry);
    const listed: AuditEntry[] = [];
    for (let cursor: number | undefined; ;) {
      const page = await t.store.listAudit({}, { order: "asc", limit: 1000, cursor });
      listed.push(...page.entries);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(parsed).toEqual(listed);
    const filtered: string[] = [];
    for await (const line of t.store.exportAuditJsonl({ text: "bucket-120" })) filtered.push(line);
    expect(filtered.map((l) => (JSON.parse(l) as AuditEntry).target)).toEqual(["bucket-120", "bucket-1200", "bucket-1201", "bucket-1202"]);
  });

  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const t = await seeded();
    const db = new Database(path.join(t.dir, DB_FILE_NAME));
    try {
      expect(() => db.prepare("UPDATE audit_log SET result = 'ok' WHERE seq = 3").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe("audit documents are kept as AWS returned them", () => {
  it("never scrubs policy content, even values that look random, so a rollback restores exactly what was there", async () => {
    const t = openTemp();
    cleanups.push(t.close);
    // A 40-character mixed-case ExternalId and a long random-looking tag value: policy content, not credentials.
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Partner",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { StringEquals: { "sts:ExternalId": "Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7d" } },
        },
      ],
    };
    const stored = await t.store.appendAudit(entry({ before: policy, after: { ...policy, Id: "p2" } }));
    expect(stored.before).toEqual(policy);
    expect(stored.after).toEqual({ ...policy, Id: "p2" });
    expect(stored.scrubbed).toEqual([]);
  });
});

describe("credential scrubber", () => {
  const planted = {
    Version: "2012-10-17",
    Statement: [{ Sid: "A", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:*", Resource: "*" }],
    Note: "made with key AKIAIOSFODNN7EXAMPLE by ops",
    SessionToken: "FwoGZXIvYXdzEJr//////////wEaDOq1zX9kcWw7example",
    Credentials: {
      AccessKeyId: "ASIAIOSFODNN7EXAMPLE",
      SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      Expiration: "2026-01-01",
    },
    aws_secret_access_key: "anything",
    Tags: [{ Key: "leak", Value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }],
  };

  it("drops credential keys and redacts access key IDs and long base64 secrets, reporting paths only", () => {
    const { value, findings } = scrub(planted);
    const text = JSON.stringify(value);
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "FwoGZXIvYXdz", "anything"])
      expect(text).not.toContain(secret);
    expect(value).toMatchObject({
      Note: "made with key [REDACTED] by ops",
      Tags: [{ Key: "leak", Value: "[REDACTED]" }],
      Statement: planted.Statement,
    });
    expect(value).not.toHaveProperty("SessionToken");
    expect(value).not.toHaveProperty("Credentials");
    expect(findings.sort()).toEqual(["$.Credentials", "$.Note", "$.SessionToken", "$.Tags[0].Value", "$.aws_secret_access_key"].sort());
  });

  it("keeps what is not a secret: ARNs, hex fingerprints, request IDs, KMS key ids, policy text", () => {
    const keep = [
      "arn:aws:kms:eu-central-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "4442587FB7D0A2F9",
      "arn:aws:iam::111122223333:role/service-role/lockbridge-app-logs-to-central-vault-with-a-long-name",
      "s3:GetObjectVersionForReplication",
      "lockbridge-to-444455556666-central-vault",
    ];
    for (const s of keep) expect(scrubString(s)).toEqual({ value: s, changed: false });
  });

  it("keeps AWS request IDs, even long mixed-case ones, but still scrubs secrets under other keys", () => {
    const requestId = "cZoS6E6jS2A5wAzbB3pjnYyJSb8VJg3aHrbkIIkhwhlVpNGaHJ3n"; // the emulator's shape
    const { value, findings } = scrub({ requestId, $metadata: { requestId, extendedRequestId: requestId }, secret: requestId });
    expect(value).toEqual({ requestId, $metadata: { requestId, extendedRequestId: requestId }, secret: "[REDACTED]" });
    expect(findings).toEqual(["$.secret"]);
  });

  it("an audit entry with a planted secret is stored without it, with the paths that were removed", async () => {
    const t = openTemp();
    cleanups.push(t.close);
    const stored = await t.store.appendAudit(
      entry({
        actor: "ops (key AKIAIOSFODNN7EXAMPLE)",
        after: { ok: true },
        errorCode: "InvalidClientTokenId",
        errorMessage:
          "The security token ASIAIOSFODNN7EXAMPLE is invalid; secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, token FwoGZXIvYXdzEJr0123456789abcdefghijklmnopq",
        target: "central-vault",
      }),
    );
    expect(stored.scrubbed).toEqual(expect.arrayContaining(["$.actor", "$.errorMessage"]));
    const raw = new Database(path.join(t.dir, DB_FILE_NAME), { readonly: true });
    const everything = JSON.stringify(raw.prepare("SELECT * FROM audit_log").all());
    raw.close();
    expect(everything).not.toMatch(/AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}|wJalrXUtnFEMI|FwoGZXIvYXdz/);
    const lines: string[] = [];
    for await (const l of t.store.exportAuditJsonl()) lines.push(l);
    expect(lines.join("")).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });
});
