"use client";
// Verify: retention warning first, then upload the canary and poll its replication status (each poll is
// one HeadObject, made by the server) with a visible timer, then show the replica's lock details.
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { CheckField, Field, describedBy } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import type { CanaryCheck, CanaryTarget } from "@/lib/aws/canary";
import { wizardInput } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { canaryPreflight, pollCanary, type PreflightResult, uploadCanaryObject } from "../actions";
import { DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS, MIN_WAIT_SECONDS, POLL_EVERY_MS } from "../limits";
import { CanaryResult, RetentionWarning, WriteList } from "./canary-result";
import type { WriteSummary } from "../server";

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
const messageOf = (r: { ok: false } & ({ message: string } | { fieldErrors: Record<string, string> })) =>
  "message" in r
    ? r.message
    : `Fix the wizard first: ${Object.entries(r.fieldErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")}`;

export function VerifyPanel({ initialWait }: { initialWait?: number }) {
  const { values, loaded } = useDraft();
  const parsed = wizardInput.safeParse(values);
  const [preflight, setPreflight] = useState<PreflightResult | undefined>();
  const [ack, setAck] = useState(false);
  const [wait, setWait] = useState(String(initialWait ?? DEFAULT_WAIT_SECONDS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [target, setTarget] = useState<CanaryTarget | undefined>();
  const [writes, setWrites] = useState<WriteSummary[]>([]);
  const [auditNote, setAuditNote] = useState<string | undefined>();
  const [check, setCheck] = useState<CanaryCheck | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const waitSeconds = Number(wait);
  const waitError =
    Number.isInteger(waitSeconds) && waitSeconds >= MIN_WAIT_SECONDS && waitSeconds <= MAX_WAIT_SECONDS
      ? undefined
      : `Enter a whole number of seconds from ${MIN_WAIT_SECONDS} to ${MAX_WAIT_SECONDS}.`;
  const valid = parsed.success;
  const started = useRef<number>(0);

  useEffect(() => {
    if (loaded && valid) void canaryPreflight(values).then(setPreflight);
    // Read once per draft: the retention does not change while the page is open.
  }, [loaded, valid]);

  const polling = target !== undefined && !check?.done && !error;
  useEffect(() => {
    if (!polling) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const r = await pollCanary({ input: values, target, waitSeconds });
      if (stop) return;
      if (!r.ok) return setError(messageOf(r));
      setCheck(r.check);
      if (!r.check.done) timer = setTimeout(poll, POLL_EVERY_MS);
    };
    void poll();
    return () => {
      stop = true;
      clearInterval(tick);
      clearTimeout(timer);
    };
    // The poll loop belongs to one uploaded canary.
  }, [polling, target]);

  const upload = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    setCheck(undefined);
    const r = await uploadCanaryObject({ input: values, acknowledged: ack });
    setBusy(false);
    if (!r.ok) {
      setWrites(("writes" in r ? r.writes : undefined) ?? []);
      return setError(messageOf(r));
    }
    setWrites(r.writes);
    setAuditNote(r.auditNote);
    started.current = Date.parse(r.target.uploadedAt);
    setNow(Date.now());
    setTarget(r.target);
  }, [values, ack]);

  if (!loaded)
    return (
      <p className="muted" role="status">
        Loading your draft…
      </p>
    );
  if (!valid) {
    return (
      <div className="notice notice-warn">
        <strong>Finish the wizard first</strong>
        The canary follows your replication rule. Complete the steps from <Link href="/wizard/accounts">Accounts and buckets</Link> and
        apply them.
      </div>
    );
  }
  const retention = preflight?.ok ? preflight.notice.retention : null;
  const needsAck = retention !== null;
  const elapsed = target ? Math.max(0, check?.done ? check.elapsedMs : now - started.current) : 0;
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="canary-before">
        <h2 id="canary-before">Before you upload</h2>
        {!preflight ? (
          <p className="muted" role="status">
            Reading the vault&apos;s default retention…
          </p>
        ) : null}
        {preflight && !preflight.ok ? (
          <div className="notice notice-error" role="alert">
            {messageOf(preflight)}
          </div>
        ) : null}
        {preflight?.ok ? <RetentionWarning notice={preflight.notice} sandbox={preflight.sandbox} /> : null}
        {preflight?.ok && !preflight.source ? (
          <div className="notice notice-warn">
            The source account is plan-only: Lockbridge cannot upload a canary. Upload one yourself under{" "}
            <span className="mono">lockbridge-canary/</span>.
          </div>
        ) : null}
        {needsAck ? (
          <CheckField id="canary-ack" label="I understand the canary's replica cannot be deleted until its retention expires">
            <input
              type="checkbox"
              {...describedBy("canary-ack", null, undefined)}
              checked={ack}
              onChange={(e) => setAck(e.target.checked)}
              disabled={target !== undefined}
            />
          </CheckField>
        ) : null}
        <Field
          id="canary-wait"
          label="Wait up to (seconds)"
          hint="How long to poll for a replication status before reporting what was seen."
          error={waitError}
        >
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={MIN_WAIT_SECONDS}
            max={MAX_WAIT_SECONDS}
            value={wait}
            onChange={(e) => setWait(e.target.value)}
            disabled={polling}
            {...describedBy("canary-wait", true, waitError)}
          />
        </Field>
        <div className="actions">
          <Button
            variant="primary"
            onClick={upload}
            disabled={busy || polling || !preflight?.ok || !preflight.source || (needsAck && !ack) || waitError !== undefined}
          >
            {target ? "Upload another canary object" : "Upload canary object"}
          </Button>
        </div>
      </section>
      {target ? (
        <section className="card stack" aria-labelledby="canary-status">
          <h2 id="canary-status">Canary</h2>
          <ul className="plain-list">
            <li>
              Key:{" "}
              <span className="mono">
                s3://{target.bucket}/{target.key}
              </span>
            </li>
            <li>
              Version ID: <span className="mono">{target.versionId ?? "none (versioning off?)"}</span>
            </li>
            <li>
              Uploaded: <span className="mono">{target.uploadedAt}</span>
            </li>
            {target.retainUntilAtLeast ? (
              <li>
                If replicated, the replica stays locked until at least: <span className="mono">{target.retainUntilAtLeast}</span>
              </li>
            ) : null}
          </ul>
          <p>
            <span role="timer" aria-label="Time since upload">
              Elapsed {clock(elapsed)}
            </span>{" "}
            of {clock(waitSeconds * 1000)}
            {polling ? <span className="muted"> — checking every {POLL_EVERY_MS / 1000} s</span> : null}
          </p>
          <p role="status" aria-live="polite">
            Replication status: <strong>{check?.status ?? (check?.done ? "none observed" : "none yet")}</strong>
          </p>
        </section>
      ) : null}
      <div aria-live="polite">
        {error ? (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        ) : null}
        {check?.done ? <CanaryResult check={check} /> : null}
      </div>
      <WriteList writes={writes} />
      {auditNote ? <p className="notice notice-warn">{auditNote}</p> : null}
    </div>
  );
}
