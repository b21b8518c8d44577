// How the browser tests and the wizard benchmark launch Debian's Chromium: never a downloaded browser,
// and no background networking (this machine's closed network refuses those connections).
export const chromiumLaunchOptions = {
  executablePath: process.env.LOCKBRIDGE_CHROMIUM || "/usr/bin/chromium",
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
