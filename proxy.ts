// Next.js proxy (formerly middleware): a fresh CSP nonce for every page request. Next reads the
// nonce from the request's Content-Security-Policy header and stamps it on its own scripts.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, env().dev);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages and server actions; static files carry no scripts to protect.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
