// One way to write a moment everywhere on screen: date and time in UTC, to the second. The browser's
// own locale format and a server's UTC format side by side made one screen show three formats.
export function formatTime(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
