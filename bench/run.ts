// npm run bench: runs every bench/*.bench.ts in turn; each prints `name: value unit` lines.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = __dirname;
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`# ${file}`);
  const r = spawnSync(path.join(dir, "..", "node_modules", ".bin", "tsx"), [path.join(dir, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
