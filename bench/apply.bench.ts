// Apply benchmark against a private emulator seeded with testing/seeds/sandbox.json (full SSE-KMS plan).
// Prints:
//   apply-write-calls: N           write calls made (must equal the plan's non-no-op changes)
//   apply-critical-path-calls: N   longest chain of AWS calls that ran one after another (reads included;
//                                  the AssumeRole behind each account's credentials is not counted)
//   apply-ms: N                    wall time of applyPlan (re-read, re-plan, execute), median of 5 fresh seeds
//   apply-sequential-ms: N         the same apply with every AWS call serialized (median of 5)
//   apply-ms-50ms-latency / apply-sequential-ms-50ms-latency / apply-parallel-ratio-50ms-latency
//                                  the same, with 50 ms added to every AWS call (the fault proxy), which is
//                                  closer to real AWS than a local emulator's few milliseconds
//   discover-ms-50ms-latency: N    one discovery of both accounts (SSE-KMS input) at 50 ms a call
//   review-ms-50ms-latency: N      what a visit to Review asks of the server: one read of both accounts, the
//                                  plan, the access roles' policies and the diagnostics (goal <= 2x discover)
// Run: node_modules/.bin/tsx bench/apply.bench.ts
import { spawnSync } from "node:child_process";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { resetAndSeed, type SeedResult } from "../testing/seed";
import { sandboxCredentials } from "../testing/emulator";
import { startFaultProxy } from "../testing/fault-proxy";
import { startEmulator } from "../scripts/emulator/lifecycle.mjs";

// lib/aws and lib/apply import "server-only", which only resolves outside React Server Components under
// the "react-server" export condition: re-run this file with it. lib/env reads the endpoint once per
// process, so the run without and the run with added latency are separate processes.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  let status = 0;
  for (const latency of ["0", "50"]) {
    const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", __filename, latency], { stdio: "inherit" });
    status ||= r.status ?? 1;
  }
  process.exit(status);
}

const LATENCY_MS = Number(process.argv[2] ?? "0");
const SUFFIX = LATENCY_MS > 0 ? `-${LATENCY_MS}ms-latency` : "";
const ROUNDS = LATENCY_MS > 0 ? 3 : 5;

type Call = { startedAt: number; endedAt: number; write: boolean; command: string };

/** Longest chain of calls where each starts after the previous one ended. */
function criticalPath(calls: Call[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  sorted.forEach((c, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= c.startedAt) best = Math.max(best, depth[j]!);
    depth[i] = best + 1;
  });
  return Math.max(0, ...depth);
}

async function main() {
  const emu = await startEmulator({ logName: "bench-apply.log" });
  const proxy = LATENCY_MS > 0 ? await startFaultProxy(emu.endpoint, { latencyMs: LATENCY_MS }) : undefined;
  // Before anything calls lib/env's env(), which reads process.env once.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: proxy?.endpoint ?? emu.endpoint,
    AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
    AWS_REGION: "eu-west-1",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const { applyPlan } = await import("../lib/apply/apply");
  const { reviewPlan } = await import("../lib/apply/review");
  const { discover } = await import("../lib/aws/discover");
  const { liveReview } = await import("../lib/workflow/live");
  const { wizardInput, defaultWizardInput } = await import("../lib/schema/wizard");
  const inputOf = (seeded: SeedResult) =>
    wizardInput.parse(
      defaultWizardInput({
        accounts: SANDBOX_ACCOUNTS,
        encryption: {
          mode: "sse-kms",
          sourceKeyArn: seeded.keys["alias/lockbridge-source"]!,
          destinationKeyArn: seeded.keys["alias/lockbridge-vault"]!,
          bucketKeys: true,
        },
        objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
      }),
    );

  async function once(serial: boolean) {
    const input = inputOf(await resetAndSeed(emu.endpoint, "testing/seeds/sandbox.json"));
    const plan = await reviewPlan(input);
    const calls: Call[] = [];
    // Serialized: a mutex around every AWS call; each call waits for the previous one to end.
    let tail: Promise<void> = Promise.resolve();
    const releases: (() => void)[] = [];
    const hooks = {
      before: serial
        ? async () => {
            const previous = tail;
            let release: () => void = () => undefined;
            tail = new Promise<void>((r) => (release = r));
            await previous;
            releases.push(release);
          }
        : undefined,
      after: (c: Call) => {
        calls.push(c);
        releases.shift()?.();
      },
    };
    const t0 = performance.now();
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: input.accounts.destination.bucket, hooks });
    const ms = performance.now() - t0;
    if (run.status !== "succeeded") throw new Error(`apply did not succeed: ${run.status}: ${run.message}`);
    return { ms, calls, planned: plan.changes.filter((c) => c.kind !== "no-op").length };
  }

  try {
    // Interleaved rounds, median reported: a local emulator answers in milliseconds, so one round is noisy.
    const rounds: { parallel: Awaited<ReturnType<typeof once>>; sequential: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push({ parallel: await once(false), sequential: (await once(true)).ms });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const parallel = rounds[0]!.parallel;
    const ms = median(rounds.map((r) => r.parallel.ms));
    const sequentialMs = median(rounds.map((r) => r.sequential));
    const writes = parallel.calls.filter((c) => c.write).length;
    if (LATENCY_MS === 0) {
      console.log(`apply-planned-changes: ${parallel.planned}`);
      console.log(`apply-write-calls: ${writes}`);
      console.log(`apply-calls-total: ${parallel.calls.length}`);
      console.log(`apply-critical-path-calls: ${criticalPath(parallel.calls)}`);
    }
    console.log(`apply-ms${SUFFIX}: ${Math.round(ms)}`);
    console.log(`apply-sequential-ms${SUFFIX}: ${Math.round(sequentialMs)}`);
    if (LATENCY_MS > 0) {
      console.log(`apply-parallel-ratio${SUFFIX}: ${(ms / sequentialMs).toFixed(2)} (goal <= 0.5)`);
      const input = inputOf(await resetAndSeed(emu.endpoint, "testing/seeds/sandbox.json"));
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        await discover(input);
        times.push(performance.now() - t0);
      }
      const discoverMs = median(times);
      console.log(`discover-ms${SUFFIX}: ${Math.round(discoverMs)}`);
      const reviews: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        await liveReview(input);
        reviews.push(performance.now() - t0);
      }
      const reviewMs = median(reviews);
      console.log(`review-ms${SUFFIX}: ${Math.round(reviewMs)} (${(reviewMs / discoverMs).toFixed(2)}x discover; goal <= 2x)`);
    }
    if (writes !== parallel.planned) {
      console.error(`write calls (${writes}) differ from planned changes (${parallel.planned})`);
      process.exitCode = 1;
    }
  } finally {
    await proxy?.stop();
    await emu.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
