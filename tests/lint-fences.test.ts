// Each fence of docs/architecture.md, violated on purpose: lint must report it (and accept the legal form).
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("layer fences", () => {
  it.each([
    ['import { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;', "lib/plan/bad.ts"],
    ['import { readFileSync } from "node:fs";\nexport const r = readFileSync;', "lib/plan/bad.ts"],
    ['import { readFileSync } from "fs";\nexport const r = readFileSync;', "lib/schema/bad.ts"],
    ['import { redirect } from "next/navigation";\nexport const r = redirect;', "lib/schema/bad.ts"],
    ['import "server-only";\nexport const x = 1;', "lib/plan/bad.ts"],
    ['import { env } from "@/lib/env";\nexport const e = env;', "lib/plan/bad.ts"],
    ['import { connect } from "@/lib/aws/connect";\nexport const c = connect;', "components/bad.tsx"],
    ['import { connect } from "../lib/store/db";\nexport const c = connect;', "components/bad.tsx"],
    ['import { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;', "lib/workflow/bad.ts"],
    ['import { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;', "app/wizard/bad.ts"],
    ['import { seedScenario } from "@/testing/seed";\nexport const s = seedScenario;', "app/wizard/bad.ts"],
    ['import { startFaultProxy } from "../../testing/fault-proxy";\nexport const s = startFaultProxy;', "lib/aws/bad.ts"],
    ['import { freshObserved } from "../../testing/plan-fixtures";\nexport const f = freshObserved;', "lib/plan/bad.ts"],
  ])("forbids %s in %s", async (code, file) => {
    expect(await ruleIds(code, file)).toContain("no-restricted-imports");
  });

  it("requires server-only first in every server-side folder", async () => {
    for (const file of ["lib/aws/x.ts", "lib/apply/x.ts", "lib/store/x.ts", "lib/workflow/x.ts", "lib/people/x.ts", "lib/http/x.ts"]) {
      expect(await ruleIds("export const x = 1;", file)).toContain("lockbridge/server-only-first");
      expect(await ruleIds('import "server-only";\nexport const x = 1;', file)).toEqual([]);
    }
  });

  it("allows process.env only in lib/env.ts", async () => {
    const code = "export const p = process.env.AWS_REGION;";
    expect(await ruleIds(code, "lib/aws/x.ts")).toContain("no-restricted-properties");
    expect(await ruleIds(code, "app/page.tsx")).toContain("no-restricted-properties");
    expect(await ruleIds(code, "lib/env.ts")).toEqual([]);
  });

  it("allows the SDK in lib/aws", async () => {
    expect(
      await ruleIds('import "server-only";\nimport { S3Client } from "@aws-sdk/client-s3";\nexport const c = S3Client;', "lib/aws/x.ts"),
    ).toEqual([]);
  });

  it("accepts a pure module", async () => {
    expect(await ruleIds('import { z } from "zod";\nexport const s = z.string();', "lib/schema/ok.ts")).toEqual([]);
  });
});
