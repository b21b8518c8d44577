// The documents shown on review (pretty JSON + diff), taken from the changes that write them.
import { unhandled } from "./exhaustive";
import type { Change, Json, PlanDocument } from "./types";

export function planDocuments(changes: Change[]): PlanDocument[] {
  const docs: PlanDocument[] = [];
  const add = (d: Omit<PlanDocument, "language" | "after"> & { after: Json | null }) => {
    if (d.after !== null) docs.push({ ...d, after: d.after, language: "json" });
  };
  for (const c of changes) {
    const base = { account: c.account, changeId: c.id };
    switch (c.action) {
      case "CreateRole":
        add({ ...base, id: "trust", title: "Trust policy (replication role)", before: null, after: c.after.AssumeRolePolicyDocument });
        break;
      case "UpdateAssumeRolePolicy":
        add({
          ...base,
          id: "trust",
          title: "Trust policy (replication role)",
          before: c.before?.PolicyDocument ?? null,
          after: c.after.PolicyDocument,
        });
        break;
      case "PutRolePolicy":
        add({
          ...base,
          id: "permissions",
          title: "Permissions policy (replication role)",
          before: c.before?.PolicyDocument ?? null,
          after: c.after?.PolicyDocument ?? null,
        });
        break;
      case "PutKeyPolicy":
        add({ ...base, id: "keyPolicy", title: "Destination key policy", before: c.before, after: c.after });
        break;
      case "PutBucketPolicy":
        add({ ...base, id: "bucketPolicy", title: "Destination bucket policy", before: c.before, after: c.after });
        break;
      case "PutObjectLockConfiguration":
        add({ ...base, id: "objectLock", title: "Object Lock configuration (destination)", before: c.before, after: c.after });
        break;
      case "PutBucketReplication":
        add({ ...base, id: "replication", title: "Replication configuration (source)", before: c.before, after: c.after });
        break;
      // Versioning is a one-word change shown in the call list; deletes leave no document to show.
      case "PutBucketVersioning":
      case "DeleteBucketPolicy":
      case "DeleteBucketReplication":
      case "DeleteRolePolicy":
      case "DeleteRole":
        break;
      default:
        unhandled(c);
    }
  }
  return docs;
}
