// Evidence lines: which read call showed a state, in the words of the AWS API.
import type { Read } from "../observed";
import type { Diagnostic, Severity } from "./types";

/** What AWS answers when the thing does not exist, per call. */
const ABSENT: Record<string, string> = {
  HeadBucket: "NoSuchBucket",
  GetBucketVersioning: "no Status (never enabled)",
  GetObjectLockConfiguration: "ObjectLockConfigurationNotFoundError",
  GetBucketOwnershipControls: "OwnershipControlsNotFoundError",
  GetBucketPolicy: "NoSuchBucketPolicy",
  GetBucketReplication: "ReplicationConfigurationNotFoundError",
  GetRole: "NoSuchEntity",
  DescribeKey: "NotFoundException",
  GetKeyPolicy: "NotFoundException",
};

export function evidence<T>(
  call: string,
  target: string,
  read: Read<T> | undefined,
  show: (v: T) => string = (v) => (typeof v === "string" ? v : JSON.stringify(v)),
): string {
  if (!read || read.status === "unknown") return `${call} ${target} → not read (plan-only)`;
  if (read.status === "absent") return `${call} ${target} → ${ABSENT[call] ?? "not found"}`;
  if (read.status === "error") return `${call} ${target} → ${read.code}: ${read.message}`;
  return `${call} ${target} → ${show(read.value)}`;
}

export const diag = (id: string, severity: Severity, message: string, fix: string, evidenceLines: string[], path?: string): Diagnostic => ({
  id,
  severity,
  message,
  fix,
  evidence: evidenceLines,
  ...(path ? { path } : {}),
});

/** Read failures become "cannot check" warnings: the check they feed could not run. */
export function readErrors(
  reads: { id: string; call: string; target: string; read: Read<unknown> | undefined; checks: string }[],
): Diagnostic[] {
  return reads.flatMap(({ id, call, target, read, checks }) => {
    if (read?.status !== "error") return [];
    const grant = read.missingPermission
      ? `Grant ${read.missingPermission} to the role Lockbridge uses in that account`
      : "Give the role Lockbridge uses in that account read access";
    return [
      diag(
        `read.${id}`,
        "warning",
        `Cannot check ${checks}: ${call} on ${target} failed with ${read.code}.`,
        `${grant}, then run the checks again.`,
        [evidence(call, target, read)],
      ),
    ];
  });
}
