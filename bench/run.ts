// npm run bench: runs every bench/*.bench.ts in turn; each prints `name: value unit` lines (with the
// goal beside a figure that has one). Works on a fresh clone: it installs the npm packages, the emulator
// venv and Chromium when they are missing (the same scripts `npm test` uses), and builds the app when
// the production build is missing or older than the sources. `npm run bench -- plan` runs only matching files.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const dir = __dirname;
const root = path.join(dir, "..");
const only = process.argv.slice(2);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env });

/** Newest modification time under `p` (a file or a folder), skipping build output and dependencies. */
function newest(p: string): number {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(full)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    t = Math.max(t, newest(path.join(p, name)));
  }
  return t;
}

run("bash", ["scripts/ensure-node-deps.sh"]);
run("bash", ["scripts/emulator/setup.sh"]);
run("bash", ["scripts/browser.sh"]);
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = Math.max(...["app", "components", "lib", "proxy.ts", "next.config.js", "package-lock.json"].map(newest));
if (!existsSync(buildId) || statSync(buildId).mtimeMs < sources) {
  console.log("# production build is missing or older than the sources: next build");
  run(path.join(root, "node_modules", ".bin", "next"), ["build"]);
}

let failed = 0;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`# ${file}`);
  const r = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(dir, file)], { stdio: "inherit", env });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
