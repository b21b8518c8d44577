// The vault page's arithmetic and reading of its policies, pure: which roles Lockbridge's own statements
// name (foreign statements never count), and how many more sources fit, proven by actually adding them.
import { describe, expect, it } from "vitest";
import { mergeConsolidated } from "@/lib/plan/merge";
import { OWNED_SIDS, SIDS } from "@/lib/plan/names";
import { renderBucketPolicyStatement } from "@/lib/plan/render/policies";
import type { PolicyDocument } from "@/lib/plan/types";
import { LIMITS, utf8Bytes } from "@/lib/plan/validate";
import { bucketPolicyPrincipals, bucketPolicyRoom } from "@/lib/plan/vault";

const VAULT_ARN = "arn:aws:s3:::central-vault";
const role = (i: number) =>
  `arn:aws:iam::${String(100000000000 + i)}:role/service-role/lockbridge-app-${String(i).padStart(3, "0")}-logs-to-central-vault`;
const add = (doc: PolicyDocument | null, principal: string) =>
  mergeConsolidated({
    live: doc,
    base: { Version: "2012-10-17", Statement: [] },
    owned: OWNED_SIDS.bucketPolicy,
    principal,
    sid: SIDS.bucketReplicationOwnerOverride,
    render: (sid, principals) => renderBucketPolicyStatement(VAULT_ARN, principals, sid === SIDS.bucketReplicationOwnerOverride),
  });

describe("vault room and principals", () => {
  it("names only the roles in Lockbridge's statements", () => {
    let doc: PolicyDocument | null = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Other",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::999999999999:root" },
          Action: "s3:GetObject",
          Resource: `${VAULT_ARN}/*`,
        },
      ],
    };
    for (let i = 0; i < 3; i++) doc = add(doc, role(i));
    expect(bucketPolicyPrincipals(doc)).toEqual([role(0), role(1), role(2)]);
    expect(bucketPolicyPrincipals(null)).toEqual([]);
  });

  it("the room it announces is what really fits, within a few sources", () => {
    let doc: PolicyDocument | null = add(null, role(0));
    const announced = bucketPolicyRoom(doc, role(1)).more;
    let fitted = 0;
    for (let i = 1; i < 1000; i++) {
      const next = add(doc, role(i));
      if (utf8Bytes(next) > LIMITS.bucketPolicyBytes) break;
      doc = next;
      fitted++;
    }
    expect(announced).toBeGreaterThan(150);
    expect(Math.abs(announced - fitted)).toBeLessThanOrEqual(2);
    expect(bucketPolicyRoom(doc, role(999)).more).toBe(0);
  });
});
