// GET /audit/export?<filters>: the audit log as JSON Lines (one entry per line, oldest first), streamed
// from the store without loading everything. Entries were scrubbed of credentials when written.
import { IdentityError, currentActor } from "@/lib/people";
import { auditLog } from "@/lib/store";
import { parseAuditFilter } from "../_components/filter";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    // Proxy-header mode: only requests through the sign-in proxy get the log (local mode has no sign-in).
    await currentActor();
  } catch (err) {
    if (err instanceof IdentityError)
      return new Response(`${err.message}\n`, { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
    throw err;
  }
  const params = new URL(request.url).searchParams;
  const parsed = parseAuditFilter((k) => params.get(k));
  // A filter that cannot match must not download the whole log as if it did.
  if (parsed.problems.length > 0)
    return new Response(`${parsed.problems.join("\n")}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  const lines = auditLog().exportAuditJsonl(parsed.filter)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await lines.return?.();
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="lockbridge-audit-${stamp}.jsonl"`,
      "cache-control": "no-store",
    },
  });
}
