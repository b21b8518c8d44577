// Runs once when the Lockbridge server starts (Next.js instrumentation hook), before any request.
// Apply runs are stored (lib/apply/runs.ts): a run the previous process left "running" was interrupted
// (crash, kill, deploy). It is marked failed, and a saved plan left in `applying` becomes failed with an
// "Interrupted" error and an audit entry, so it can be resumed, re-planned or rolled back instead of
// staying stuck forever.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recoverInterruptedRuns } = await import("./lib/apply/runs");
  try {
    const moved = await recoverInterruptedRuns();
    if (moved.length > 0)
      console.warn(
        `Lockbridge: ${moved.length} plan(s) were being applied when the server stopped; marked failed (interrupted): ${moved.join(", ")}`,
      );
  } catch (err) {
    // The pages say what is wrong with the store; the server still starts so they can.
    console.error(`Lockbridge: could not check for interrupted runs: ${err instanceof Error ? err.message : String(err)}`);
  }
}
