// The Diagnostics panel renders a real preflight result: groups by severity, evidence in <details>,
// the "before apply: X of N; after: N of N" summary and one table row per simulated action.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DiagnosticsPanel } from "@/components/diagnostics-panel";
import { buildPlan } from "@/lib/plan/build";
import { freshObserved } from "@/testing/plan-fixtures";
import { iamSimulateEvaluator, preflightWith } from "@/lib/plan/diagnostics";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";

async function result(withDeny: boolean) {
  const input = wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
        destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
      },
    }),
  );
  const observed = freshObserved(input);
  if (withDeny && observed.destination.status === "found") {
    observed.destination.value.policy = {
      status: "found",
      value: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "NoReplication", Effect: "Deny", Principal: "*", Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::central-vault/*" },
        ],
      },
    };
  }
  if (observed.destination.status === "found") observed.destination.value.requestPayment = { status: "found", value: "Requester" };
  return preflightWith(iamSimulateEvaluator, buildPlan(input, observed), observed);
}

describe("DiagnosticsPanel", () => {
  it("renders groups, evidence, the before/after summary and the per-action table", async () => {
    const r = await result(true);
    const html = renderToStaticMarkup(createElement(DiagnosticsPanel, { result: r }));
    expect(html).toMatch(/<h2 id="[^"]+">Diagnostics<\/h2>/);
    expect(html).toContain("Blocking (");
    expect(html).toContain("Information (");
    expect(html).toContain("<summary>Evidence</summary>");
    expect(html).toContain("GetBucketRequestPayment central-vault → Payer Requester");
    expect(html).toContain(
      `Before apply: 0 of ${r.simulation.before.total} actions allowed; after: ${r.simulation.after.allowed} of ${r.simulation.after.total}`,
    );
    expect(html).toContain('<th scope="col">After apply</th>');
    // Every action once in the full (folded) table, and the ones not allowed after apply again, open.
    const refused = r.simulation.after.results.filter((x) => x.decision !== "allowed").length;
    expect(refused).toBeGreaterThan(0);
    expect(html).toContain(`Not allowed after apply, or unknown (${refused} of ${r.simulation.after.total})`);
    expect(html).toContain('aria-label="Permission simulation, actions not allowed after apply"');
    expect((html.match(/<th scope="row"/g) ?? []).length).toBe(r.simulation.before.total + refused);
    expect(html).toContain("Denying statement &quot;NoReplication&quot;");
    expect(html).toContain("SCPs and RCPs");
    expect(html).toContain('role="status"');
  });

  it("says when nothing blocks, and renders twice on one page with distinct ids", async () => {
    const r = { ...(await result(false)), diagnostics: [], blocking: false };
    const html = renderToStaticMarkup(
      createElement(
        "div",
        null,
        createElement(DiagnosticsPanel, { result: r }),
        createElement(DiagnosticsPanel, { result: r, headingLevel: 3 }),
      ),
    );
    expect(html).toContain("No blocking problems found.");
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
