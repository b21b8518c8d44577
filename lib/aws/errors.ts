import "server-only";

/** An AWS failure in our words: code, message and request ID, never the request or credentials. */
export type AwsFailure = { code: string; message: string; requestId?: string; httpStatus?: number };

export function toFailure(err: unknown): AwsFailure {
  const e = err as { name?: string; Code?: string; message?: string; $metadata?: { requestId?: string; httpStatusCode?: number } };
  return {
    code: e?.Code ?? e?.name ?? "Error",
    message: typeof e?.message === "string" && e.message ? e.message : String(err),
    requestId: e?.$metadata?.requestId,
    httpStatus: e?.$metadata?.httpStatusCode,
  };
}

export function isNotFound(err: unknown, ...codes: string[]): boolean {
  const f = toFailure(err);
  return codes.includes(f.code) || (codes.length === 0 && f.httpStatus === 404);
}

export function isAccessDenied(err: unknown): boolean {
  const f = toFailure(err);
  return f.httpStatus === 403 || /AccessDenied|UnauthorizedOperation|NotAuthorized/.test(f.code);
}
