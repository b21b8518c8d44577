// AWS error texts can quote a signed request. Whatever an action or a run says on the page, and what a
// run keeps in SQLite, holds no access key ID or secret.
import { describe, expect, it } from "vitest";
import { withoutSecrets } from "@/lib/apply/runs";
import type { RunSnapshot } from "@/lib/apply/types";
import { userMessage } from "@/lib/http/action";

const KEY = "ASIAQWERTYUIOPASDFGH";
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQD3nK8x7Yz1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wIgX3yZ4";
const signed = `The request signature we calculated does not match. Canonical request: x-amz-security-token=${TOKEN}&X-Amz-Credential=${KEY}/20261130`;

describe("messages never carry credentials", () => {
  it("an action's error message", () => {
    const err = Object.assign(new Error(signed), { name: "SignatureDoesNotMatch" });
    const text = userMessage(err);
    expect(text).toContain("SignatureDoesNotMatch");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(TOKEN);
  });

  it("a run's message, failure, notes and step errors, but not its hand-over files", () => {
    const file = { name: "trust.json", mime: "application/json", content: '{"ExternalId":"AbCdEfGh1234567890AbCdEfGh1234567890AbCd"}' };
    const run: RunSnapshot = {
      runId: "r",
      status: "failed",
      message: `Failed: ${signed}`,
      startedAt: "2026-11-30T00:00:00Z",
      fingerprint: "f",
      writeCalls: 1,
      changes: [
        {
          id: "destination.bucketPolicy",
          account: "destination",
          accountId: "222222222222",
          action: "PutBucketPolicy",
          target: "vault",
          kind: "update",
          description: "d",
          irreversible: false,
          state: "failed",
          note: signed,
          requestIds: [],
          error: { code: "SignatureDoesNotMatch", message: signed },
        },
      ],
      failure: { changeId: "destination.bucketPolicy", step: "write", code: "SignatureDoesNotMatch", message: signed, alreadyChanged: [] },
      handover: { account: "source", accountId: "111111111111", message: "m", handedOver: [], blocked: [], files: [file] },
    };
    const clean = JSON.stringify(withoutSecrets(run));
    expect(clean).not.toContain(KEY);
    expect(clean).not.toContain(TOKEN);
    expect(withoutSecrets(run).handover!.files[0]).toEqual(file);
    // The run itself is not changed (it keeps running with its own texts).
    expect(run.message).toContain(KEY);
  });
});
