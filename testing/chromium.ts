import { existsSync } from "node:fs";

// How the browser tests and the wizard benchmark launch Debian's Chromium: never a downloaded browser,
// and no background networking (this machine's closed network refuses those connections). The headless
// shell is preferred when installed (scripts/browser.sh installs it): it renders pages the same way but
// costs less CPU than the full browser run headless.
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";

export const chromiumLaunchOptions = {
  executablePath: process.env.LOCKBRIDGE_CHROMIUM || (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium"),
  args: [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
