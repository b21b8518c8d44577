"use server";
// Exports are built on the server from a fresh, completed read: the browser sends only the input (parsed
// with the wizard's own schema), the server discovers the live state with its own credentials, builds the
// plan and returns the file. So a download never depends on whether the browser's live read had finished,
// and never carries documents the browser supplied. A plan with errors is not exported. Like every action
// it goes through serverAction (lib/http/action.ts): strict parse, who is acting, allowed accounts.
import { z } from "zod";
import { reviewPlan } from "@/lib/apply/review";
import { serverAction } from "@/lib/http/action";
import { exportCliScript, exportPlanJson, exportTerraform, lockbridgeName } from "@/lib/plan";
import { wizardInput } from "@/lib/schema/wizard";

const exportFormat = z.enum(["cli", "terraform", "json"], { error: "Unknown export format." });
export type ExportFormat = z.infer<typeof exportFormat>;

export type ExportResult = { ok: true; fileName: string; type: string; text: string; fingerprint: string } | { ok: false; message: string };

const FILES: Record<ExportFormat, { ext: string; type: string; build: typeof exportCliScript }> = {
  cli: { ext: "sh", type: "text/x-shellscript", build: exportCliScript },
  terraform: { ext: "tf", type: "text/plain", build: exportTerraform },
  json: { ext: "plan.json", type: "application/json", build: exportPlanJson },
};

export const exportPlanFile = serverAction({
  name: "exportPlanFile",
  input: z.tuple([wizardInput, exportFormat]),
  permission: "read",
  invalidMessage: "Complete the steps first: the input is not valid yet.",
  accounts: ([input]) => ({ accounts: input.accounts, prefix: "" }),
  run: async ([input, format]): Promise<ExportResult> => {
    try {
      const plan = await reviewPlan(input);
      if (plan.errors.length > 0) {
        return {
          ok: false,
          message: `Not exported: the plan has ${plan.errors.length} error(s) (${plan.errors.map((e) => e.message).join(" ")}). A plan with errors is never exported; fix them first.`,
        };
      }
      const f = FILES[format];
      const { source, destination } = plan.input.accounts;
      return {
        ok: true,
        fileName: `${lockbridgeName(`${source.bucket}-to-${destination.bucket}`)}.${f.ext}`,
        type: f.type,
        text: f.build(plan),
        fingerprint: plan.fingerprint,
      };
    } catch (err) {
      return {
        ok: false,
        message: `Could not read the live state to build the export: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  },
});
