// Onboarding figures (printed, not asserted): `name: value unit`.
// - onboard-plan-200-sources-ms: median time of one plan for 200 source buckets (200 accounts) into one
//   SSE-KMS vault: every source planned against the vault as the previous ones leave it, the vault's
//   bucket and key policies written once (buildManySourcesPlan). Inputs are parsed beforehand.
import { freshBucket, freshKey, freshObserved } from "../testing/plan-fixtures";
import { buildManySourcesPlan, type SourceObserved, type VaultObserved } from "../lib/plan/onboard";
import { utf8Bytes } from "../lib/plan/validate";
import { defaultWizardInput, wizardInput } from "../lib/schema/wizard";

const VAULT_KEY = "arn:aws:kms:eu-central-1:444455556666:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const inputs = Array.from({ length: 200 }, (_, i) =>
  wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: {
          accountId: String(100000000000 + i),
          region: "eu-west-1",
          bucket: `app-${String(i).padStart(3, "0")}-logs`,
          access: "plan-only",
        },
        destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
      },
      encryption: {
        mode: "sse-kms",
        sourceKeyArn: `arn:aws:kms:eu-west-1:${100000000000 + i}:key/11111111-2222-3333-4444-555555555555`,
        destinationKeyArn: VAULT_KEY,
        bucketKeys: true,
      },
    }),
  ),
);
const vault: VaultObserved = {
  destination: { status: "found", value: freshBucket() },
  destinationKey: { status: "found", value: freshKey(VAULT_KEY, "eu-central-1", "444455556666") },
};
const sources: SourceObserved[] = inputs.map((inp) => {
  const o = freshObserved(inp);
  return { source: o.source, role: o.role, ...(o.sourceKey ? { sourceKey: o.sourceKey } : {}) };
});

const samples: number[] = [];
let plan = buildManySourcesPlan(inputs, vault, sources);
for (let i = 0; i < 9; i++) {
  const t = performance.now();
  plan = buildManySourcesPlan(inputs, vault, sources);
  samples.push(performance.now() - t);
}
samples.sort((a, b) => a - b);
if (!plan.applyable) throw new Error(`the 200-source plan has errors: ${plan.errors.map((e) => e.message).join(" ")}`);
console.log(`onboard-plan-200-sources-ms: ${samples[Math.floor(samples.length / 2)]!.toFixed(1)} ms (goal <= 200)`);
console.log(
  `onboard-plan-200-sources-bucket-policy-bytes: ${utf8Bytes(plan.vault.find((c) => c.action === "PutBucketPolicy")!.after!)} bytes`,
);
