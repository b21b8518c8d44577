import type { z } from "zod";
import type { replicationStorageClass, ruleScope } from "@/lib/schema/wizard";

/** The rule step's form values: the rule schema's input with every default filled in. */
export type RuleForm = {
  ruleId: string;
  status: "Enabled" | "Disabled";
  priority: number;
  scope: z.infer<typeof ruleScope>;
  prefix: string;
  tags: { key: string; value: string }[];
  ownerOverride: boolean;
  storageClass: z.infer<typeof replicationStorageClass>;
  rtc: boolean;
  metrics: boolean;
  deleteMarkerReplication: boolean;
  replicaModifications: boolean;
};
