// No "server-only" marker: the custom server's request gate (lib/http/gate.ts) imports this outside the
// Next bundle. Whether a socket address is the trusted sign-in proxy.
import { BlockList, isIP } from "node:net";

/** "::ffff:10.0.0.1" → "10.0.0.1", "fe80::1%eth0" → "fe80::1": the forms a socket reports. */
export function normalizeAddress(address: string): string {
  const a = address.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

export function isTrustedProxy(address: string, trusted: readonly string[]): boolean {
  const a = normalizeAddress(address);
  const family = isIP(a);
  if (family === 0) return false;
  const list = new BlockList();
  for (const t of trusted) {
    const [net, bits] = t.split("/");
    const type = isIP(net!) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(normalizeAddress(net!), type);
    else list.addSubnet(net!, Number(bits), type);
  }
  return list.check(a, family === 6 ? "ipv6" : "ipv4");
}
