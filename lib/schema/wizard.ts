// Wizard input: one zod schema per step (the form validates step by step) and `wizardInput`, which
// composes them and adds the rules that span steps. Messages sit on the field the user must change.
// Every object is strict (./strict.ts): the server actions parse with these schemas, and a key that is
// not a field (a "policy", a rule "Filter", a "plan") is refused with a message, never silently dropped.
import * as z from "zod/mini";
import { accountsStep } from "./accounts";
import {
  accountId,
  arnAccount,
  arnRegion,
  bucketName,
  region,
  replicationKmsKeyArn,
  roleArn,
  roleName,
  rolePath,
  ruleId,
} from "./primitives";
import { deriveBatchRoleName, deriveRoleName, deriveRuleId } from "./names";
import { leftoverFlag, leftoverText, STRICT, strictObject, transformed } from "./strict";

export { deriveBatchRoleName, deriveRoleName, deriveRuleId, fitName } from "./names";

const optionalText = <T extends z.ZodMiniType<string, string>>(schema: T) => {
  return transformed(z.optional(z.union([z.literal(""), schema])), (v) => (v ? v : undefined));
};

/** Same-account replication is another product (no bucket policy, no cross-account KMS): refuse it here. */
export const wizardAccountsStep = accountsStep.check(
  z.superRefine((a, ctx) => {
    if (a.source.accountId === a.destination.accountId) {
      ctx.addIssue({
        code: "custom",
        path: ["destination", "accountId"],
        message: "Lockbridge sets up cross-account replication: the destination account must differ from the source account.",
      });
    }
  }),
);

export const retentionMode = z.enum(["GOVERNANCE", "COMPLIANCE"]);
export const retentionUnit = z.enum(["Days", "Years"]);

// S3 caps default retention at 100 years (36,500 days): PutObjectLockConfiguration rejects more.
const MAX_RETENTION = { Days: 36500, Years: 100 } as const;

export const defaultRetention = z
  .strictObject(
    {
      enabled: z._default(z.boolean(), false),
      mode: z._default(retentionMode, "GOVERNANCE"),
      unit: z._default(retentionUnit, "Days"),
      value: z._default(
        z
          .number({ error: "Enter a whole number of days or years." })
          .check(z.int("Enter a whole number."), z.minimum(1, "Retention is at least 1.")),
        1,
      ),
    },
    STRICT,
  )
  .check(
    z.superRefine((r, ctx) => {
      if (r.enabled && r.value > MAX_RETENTION[r.unit]) {
        ctx.addIssue({
          code: "custom",
          path: ["value"],
          message:
            r.unit === "Years"
              ? "Default retention is at most 100 years."
              : `Default retention is at most 100 years (${MAX_RETENTION.Days.toLocaleString("en-US")} days).`,
        });
      }
    }),
  );

/**
 * Object Lock is always enabled on the destination (that is the product). `retention.enabled = false`
 * means "leave the default retention as it is", never "remove it": a vault's retention is not ours to drop.
 * `downgradeConfirmation`: typed by the person to weaken the live default retention on purpose
 * (COMPLIANCE → GOVERNANCE or a shorter period); the plan, built on the server, accepts the downgrade
 * only when it names the old and the new retention exactly (lib/plan/retention.ts).
 */
export const objectLockStep = strictObject({
  retention: z.prefault(defaultRetention, {}),
  downgradeConfirmation: z._default(z.string().check(z.maxLength(200, "At most 200 characters.")), ""),
});

const roleRef = z.string().check(
  z.trim(),
  z.maxLength(2048, { abort: true, error: "A role name or ARN is at most 2048 characters." }),
  z.superRefine((v, ctx) => {
    const ok = v.startsWith("arn:") ? roleArn.safeParse(v).success : roleName.safeParse(v).success;
    if (!ok) ctx.addIssue({ code: "custom", message: "Enter the name or the ARN of an existing role in the source account." });
  }),
);

// The role and encryption forms keep both variants' fields (switching back keeps what was typed), so the
// draft the browser sends holds the other variant's fields too: each variant accepts those as bounded
// leftovers and drops them from its output. Any other key is refused.
export const roleStep = z.discriminatedUnion("mode", [
  transformed(
    strictObject({
      mode: z.literal("create"),
      roleName: optionalText(roleName),
      path: z._default(rolePath, "/service-role/"),
      role: leftoverText,
    }),
    (v) => ({ mode: v.mode, roleName: v.roleName, path: v.path }),
  ),
  transformed(strictObject({ mode: z.literal("reuse"), role: roleRef, roleName: leftoverText, path: leftoverText }), (v) => ({
    mode: v.mode,
    role: v.role,
  })),
]);

export const encryptionStep = z.discriminatedUnion("mode", [
  transformed(
    strictObject({
      mode: z.literal("none"),
      sourceKeyArn: leftoverText,
      destinationKeyArn: leftoverText,
      bucketKeys: leftoverFlag,
    }),
    (v) => ({ mode: v.mode }),
  ),
  strictObject({
    mode: z.literal("sse-kms"),
    sourceKeyArn: replicationKmsKeyArn,
    destinationKeyArn: replicationKmsKeyArn,
    bucketKeys: z._default(z.boolean(), true),
  }),
]);

/** Nothing to choose: the statements are derived. Kept as a step so the UI has a uniform shape. */
export const bucketPolicyStep = z._default(strictObject({}), {});

/** Destination storage classes S3 replication accepts; SAME_AS_SOURCE omits StorageClass. */
export const replicationStorageClass = z.enum([
  "SAME_AS_SOURCE",
  "STANDARD",
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
  "REDUCED_REDUNDANCY",
]);
export const ruleScope = z.enum(["all", "prefix", "tags", "prefix-tags"]);

export const tag = strictObject({
  key: z.string().check(z.minLength(1, "A tag key is required."), z.maxLength(128, "A tag key is at most 128 characters.")),
  value: z.string().check(z.maxLength(256, "A tag value is at most 256 characters.")),
});

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

// S3 filters a rule on at most 10 tags; the form offers no more. Tags kept for another scope are bounded too.
const MAX_TAGS = 10;

/** A priority: a whole number from 0 to the largest the S3 API takes (a 32-bit signed integer). */
const wholeNumber = () =>
  z.number({ error: "Enter a whole number." }).check(
    z.int("Enter a whole number."),
    z.minimum(0, "Priority is 0 or more."),
    z.maximum(2147483647),
    // -0 passes "0 or more" but would not survive JSON: store it as 0.
    z.overwrite((n) => n + 0),
  );
const TOO_MANY_TAGS = `A rule filters on at most ${MAX_TAGS} tags.`;

export const ruleStep = z
  .strictObject(
    {
      ruleId: optionalText(ruleId),
      status: z._default(z.enum(["Enabled", "Disabled"]), "Enabled"),
      priority: z._default(wholeNumber(), 0),
      scope: z._default(ruleScope, "all"),
      // Characters bound the bytes from below: a longer string can only be over 1024 bytes (checked below).
      prefix: z._default(z.string().check(z.maxLength(1024, { abort: true, error: "A prefix is at most 1024 bytes." })), ""),
      tags: z._default(z.array(tag).check(z.maxLength(MAX_TAGS, TOO_MANY_TAGS)), []),
      ownerOverride: z._default(z.boolean(), true),
      storageClass: z._default(replicationStorageClass, "SAME_AS_SOURCE"),
      rtc: z._default(z.boolean(), false),
      metrics: z._default(z.boolean(), false),
      deleteMarkerReplication: z._default(z.boolean(), false),
      replicaModifications: z._default(z.boolean(), false),
    },
    STRICT,
  )
  .check(
    z.superRefine((r, ctx) => {
      const usesPrefix = r.scope === "prefix" || r.scope === "prefix-tags";
      const usesTags = r.scope === "tags" || r.scope === "prefix-tags";
      // An object key (hence a prefix) is at most 1024 bytes of UTF-8.
      if (usesPrefix && r.prefix.length === 0)
        ctx.addIssue({ code: "custom", path: ["prefix"], message: "Enter a prefix, or choose the whole bucket." });
      if (r.prefix.length <= 1024 && utf8Length(r.prefix) > 1024)
        ctx.addIssue({ code: "custom", path: ["prefix"], message: "A prefix is at most 1024 bytes." });
      if (usesTags && r.tags.length === 0)
        ctx.addIssue({ code: "custom", path: ["tags"], message: "Add at least one tag, or choose another scope." });
      const seen = new Set<string>();
      r.tags.forEach((t, i) => {
        if (usesTags && t.key.length <= 128 && seen.has(t.key))
          ctx.addIssue({ code: "custom", path: ["tags", i, "key"], message: `Tag key "${t.key}" is used twice.` });
        seen.add(t.key);
      });
      // S3 rejects DeleteMarkerReplication Enabled on rules with a tag filter.
      if (usesTags && r.deleteMarkerReplication) {
        ctx.addIssue({
          code: "custom",
          path: ["deleteMarkerReplication"],
          message: "Delete marker replication is not supported with a tag filter: turn it off or filter by prefix only.",
        });
      }
      // S3 Replication Time Control requires replication metrics on the same rule.
      if (r.rtc && !r.metrics)
        ctx.addIssue({
          code: "custom",
          path: ["metrics"],
          message: "Replication Time Control needs replication metrics: turn metrics on.",
        });
    }),
  );

/** Replication statuses an S3 Batch Replication manifest can select (S3JobManifestGenerator filter). */
export const batchReplicationStatus = z.enum(["NONE", "FAILED", "COMPLETED"]);
export const batchReportScope = z.enum(["AllTasks", "FailedTasksOnly"]);
export const DEFAULT_BATCH_PREFIX = "lockbridge/batch-reports/";

/**
 * Optional step "Existing objects": an S3 Batch Replication job for objects that were in the
 * source before the rule. Bucket and role name are derived when left empty (the source bucket; a name
 * from the source bucket). Options are checked only while the step is on, so a half-edited option that
 * was then switched off never blocks the rest of the wizard. S3 caps the prefixes at 512 characters.
 * Whether on or off, every option is bounded: text at OPTION_MAX (far above the AWS limits checked while
 * the step is on), the statuses list at the number of statuses.
 */
const OPTION_MAX = 1024;
const option = (fallback: string) =>
  z._default(z.string().check(z.trim(), z.maxLength(OPTION_MAX, { abort: true, error: `At most ${OPTION_MAX} characters.` })), fallback);

export const existingObjectsStep = z
  .strictObject(
    {
      enabled: z._default(z.boolean(), false),
      bucket: option(""),
      prefix: option(DEFAULT_BATCH_PREFIX),
      statuses: transformed(
        z._default(
          z
            .array(batchReplicationStatus)
            .check(z.maxLength(batchReplicationStatus.options.length, `At most ${batchReplicationStatus.options.length} statuses.`)),
          ["NONE", "FAILED"],
        ),
        (list) => batchReplicationStatus.options.filter((s) => list.includes(s)),
      ),
      reportScope: z._default(batchReportScope, "FailedTasksOnly"),
      priority: z._default(wholeNumber(), 10),
      roleName: option(""),
    },
    STRICT,
  )
  .check(
    z.superRefine((v, ctx) => {
      if (!v.enabled) return;
      const check = (path: string, schema: z.ZodMiniType<string, string>, value: string) => {
        const r = schema.safeParse(value);
        if (!r.success) ctx.addIssue({ code: "custom", path: [path], message: r.error.issues[0]?.message ?? "Invalid value." });
      };
      if (v.bucket) check("bucket", bucketName, v.bucket);
      if (v.roleName) check("roleName", roleName, v.roleName);
      if (v.prefix.length > 512) ctx.addIssue({ code: "custom", path: ["prefix"], message: "A prefix is at most 512 characters." });
      if (v.statuses.length === 0) ctx.addIssue({ code: "custom", path: ["statuses"], message: "Choose at least one replication status." });
    }),
  );

/**
 * Confirmations the person typed for what cannot be undone, sent with the input so the server checks
 * them too (Review and Apply refuse an unconfirmed input). Bound to the exact bucket and retention:
 * see confirmation-key.ts. Never part of a plan: the parsed input drops them.
 */
export const objectLockConfirmation = strictObject({
  bucket: z.string().check(z.maxLength(63, "A bucket name is at most 63 characters.")),
  mode: z.enum(["NONE", "GOVERNANCE", "COMPLIANCE"]),
  unit: z.optional(retentionUnit),
  value: z.optional(
    z.number().check(
      z.int(),
      z.minimum(0),
      z.maximum(36500),
      z.overwrite((n) => n + 0),
    ),
  ),
});
export const wizardConfirmations = strictObject({ objectLock: z.optional(objectLockConfirmation) });

const wizardObject = strictObject({
  accounts: wizardAccountsStep,
  objectLock: z.prefault(objectLockStep, {}),
  role: roleStep,
  encryption: encryptionStep,
  bucketPolicy: bucketPolicyStep,
  rule: z.prefault(ruleStep, {}),
  existingObjects: z.prefault(existingObjectsStep, {}),
  confirmations: z.optional(wizardConfirmations),
});

type WizardObject = z.output<typeof wizardObject>;

export const wizardInput = transformed(
  wizardObject.check(
    z.superRefine((v: WizardObject, ctx) => {
      const { source, destination } = v.accounts;
      // Messages quote the accounts only once they are valid: a refused 1 MiB value is never echoed back.
      const known = (s: typeof source) => accountId.safeParse(s.accountId).success && region.safeParse(s.region).success;
      if (!known(source) || !known(destination)) return;
      if (v.role.mode === "reuse" && v.role.role.startsWith("arn:") && arnAccount(v.role.role) !== source.accountId) {
        ctx.addIssue({
          code: "custom",
          path: ["role", "role"],
          message: `The replication role must be in the source account ${source.accountId}.`,
        });
      }
      // Lockbridge's own access role must not become the replication role: S3 would be made to trust a
      // role with the rights to change policies and buckets, and replication would run with those rights.
      const lastName = (ref: string) => (ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref);
      if (v.role.mode === "reuse" && source.access === "role" && source.roleArn && lastName(v.role.role) === lastName(source.roleArn)) {
        ctx.addIssue({
          code: "custom",
          path: ["role", "role"],
          message: `${lastName(source.roleArn)} is the role Lockbridge uses to reach the source account. The replication role must be a different role that only replication uses: create a new one, or name another existing role.`,
        });
      }
      if (v.encryption.mode === "sse-kms") {
        const keys = [
          ["sourceKeyArn", v.encryption.sourceKeyArn, source, "source"],
          ["destinationKeyArn", v.encryption.destinationKeyArn, destination, "destination"],
        ] as const;
        // S3 uses a key in the bucket's own Region, and the replica key must belong to the destination owner.
        for (const [field, arn, side, label] of keys) {
          if (arnAccount(arn) !== side.accountId || arnRegion(arn) !== side.region) {
            ctx.addIssue({
              code: "custom",
              path: ["encryption", field],
              message: `The ${label} key must be in the ${label} account ${side.accountId} and Region ${side.region}.`,
            });
          }
        }
      }
    }),
  ),
  ({ confirmations: _confirmations, ...v }) => ({
    ...v,
    role:
      v.role.mode === "create"
        ? { ...v.role, roleName: v.role.roleName ?? deriveRoleName(v.accounts.source.bucket, v.accounts.destination.bucket) }
        : v.role,
    rule: { ...v.rule, ruleId: v.rule.ruleId ?? deriveRuleId(v.accounts.destination.accountId, v.accounts.destination.bucket) },
    existingObjects: {
      ...v.existingObjects,
      bucket: v.existingObjects.bucket || v.accounts.source.bucket,
      roleName: v.existingObjects.roleName || deriveBatchRoleName(v.accounts.source.bucket),
    },
  }),
);

export type WizardInput = z.output<typeof wizardInput>;
export type WizardFormValues = z.input<typeof wizardInput>;
export type RuleStep = WizardInput["rule"];
export type EncryptionStep = WizardInput["encryption"];
export type RoleStep = WizardInput["role"];
export type ExistingObjectsStep = WizardInput["existingObjects"];

type SideValues = WizardFormValues["accounts"]["source"];
type RuleValues = z.input<typeof ruleStep>;
export type WizardDefaultsPartial = {
  accounts?: { source?: Partial<SideValues>; destination?: Partial<SideValues> };
  objectLock?: { retention?: Partial<z.input<typeof defaultRetention>>; downgradeConfirmation?: string };
  role?: z.input<typeof roleStep>;
  encryption?: z.input<typeof encryptionStep>;
  rule?: Partial<RuleValues>;
};

/**
 * Complete form values for a new wizard. Defaults suit an immutable vault: delete-marker replication
 * off (a delete marker replicated into a vault hides the object there too), owner override on (the vault
 * owns its replicas), rule enabled at priority 0, no default retention until the user picks one.
 * Role name and rule ID are derived from the bucket names once both are known.
 */
export function defaultWizardInput(partial: WizardDefaultsPartial = {}): WizardFormValues {
  const side = (p?: Partial<SideValues>): SideValues => ({
    accountId: "",
    region: "",
    bucket: "",
    access: "role",
    roleArn: "",
    externalId: "",
    ...p,
  });
  const source = side(partial.accounts?.source);
  const destination = side(partial.accounts?.destination);
  const known = source.bucket !== "" && destination.bucket !== "";
  const role = partial.role ?? {
    mode: "create" as const,
    roleName: known ? deriveRoleName(source.bucket, destination.bucket) : "",
    path: "/service-role/",
  };
  return {
    accounts: { source, destination },
    objectLock: {
      retention: { enabled: false, mode: "GOVERNANCE", unit: "Days", value: 1, ...partial.objectLock?.retention },
      ...(partial.objectLock?.downgradeConfirmation ? { downgradeConfirmation: partial.objectLock.downgradeConfirmation } : {}),
    },
    role,
    encryption: partial.encryption ?? { mode: "none" },
    bucketPolicy: {},
    rule: {
      ruleId: known && destination.accountId ? deriveRuleId(destination.accountId, destination.bucket) : "",
      status: "Enabled",
      priority: 0,
      scope: "all",
      prefix: "",
      tags: [],
      ownerOverride: true,
      storageClass: "SAME_AS_SOURCE",
      rtc: false,
      metrics: false,
      deleteMarkerReplication: false,
      replicaModifications: false,
      ...partial.rule,
    },
  };
}
