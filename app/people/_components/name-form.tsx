"use client";
// Local mode: a person names themselves once (cookie). The same schema validates here and on the server.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { setLocalUser } from "../actions";
import { validateActorName } from "@/lib/people/names";

export function NameForm({ current, next }: { current: string | null; next: string }) {
  const router = useRouter();
  const [name, setName] = useState(current ?? "");
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const check = validateActorName(name);
    if (!check.ok) return setError(check.error);
    setBusy(true);
    setError(undefined);
    try {
      const res = await setLocalUser(check.name);
      if (!res.ok) return setError(res.fieldErrors?._form ?? res.message);
      setStatus(`You are now acting as ${res.name}.`);
      router.push(next);
      router.refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="actor-name">Your name</label>
        <input
          id="actor-name"
          className="input"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          aria-invalid={error ? true : undefined}
          aria-describedby={`actor-name-hint${error ? " actor-name-error" : ""}`}
        />
        <span className="hint" id="actor-name-hint">
          Shown in the plan history, the approvals and the audit log.
        </span>
        {error ? (
          <span className="error" id="actor-name-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <div className="actions">
        <Button type="submit" variant="primary" disabled={busy}>
          {current ? "Change name" : "Continue"}
        </Button>
        <span role="status" aria-live="polite">
          {status}
        </span>
      </div>
    </form>
  );
}
