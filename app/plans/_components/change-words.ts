import type { ChangeId } from "@/lib/plan";

/** What each change is, in words: rollback pages never show internal change IDs. */
export const CHANGE_WORDS: Record<ChangeId, string> = {
  "destination.versioning": "Versioning on the destination bucket",
  "destination.objectLock": "Object Lock on the destination bucket",
  "source.role": "The replication role",
  "source.rolePolicy": "The replication role's permissions",
  "destination.keyPolicy": "The destination key policy",
  "destination.bucketPolicy": "The destination bucket policy",
  "source.versioning": "Versioning on the source bucket",
  "source.replication": "The source bucket's replication configuration",
};
