// Hand-over to the wizard: onboarding and the vault page start the wizard from what they know, by
// writing the wizard's own draft (the key and shape of app/wizard/_components/draft-storage.ts) and,
// for a vault, a lock naming the vault so its side is shown read-only. The wizard re-validates everything.
import { useEffect, useState } from "react";
import type { WizardFormValues } from "@/lib/schema/wizard";

const DRAFT_KEY = "lockbridge:draft:v1";
/** { accountId, bucket } of the vault whose side, retention and encryption the wizard keeps locked. */
export const VAULT_LOCK_KEY = "lockbridge:vault-lock:v1";

type Side = WizardFormValues["accounts"]["source"];

function currentValues(): Partial<WizardFormValues> {
  try {
    const raw = window.localStorage.getItem(DRAFT_KEY);
    return raw ? ((JSON.parse(raw) as { values?: Partial<WizardFormValues> }).values ?? {}) : {};
  } catch {
    return {};
  }
}

function write(values: Partial<WizardFormValues>): void {
  // A new account pair needs Connect again and a new Object Lock confirmation: neither is carried over.
  window.localStorage.setItem(DRAFT_KEY, JSON.stringify({ values, completed: [] }));
}

const blankSide: Side = { accountId: "", region: "", bucket: "", access: "role", roleArn: "", externalId: "" };

/** Puts an onboarded account (and bucket) on one side of the wizard, keeping the rest of the draft. */
export function seedWizardSide(side: "source" | "destination", values: Side): void {
  const v = currentValues();
  const accounts = { source: v.accounts?.source ?? blankSide, destination: v.accounts?.destination ?? blankSide, [side]: values };
  write({ ...v, accounts });
}

/** Starts a new source for a vault: the vault side, retention and encryption come from the vault, locked. */
export function seedWizardForVault(vault: Pick<WizardFormValues, "accounts" | "objectLock" | "encryption">): void {
  const blank: Side = { accountId: "", region: vault.accounts.destination.region, bucket: "", access: "role", roleArn: "", externalId: "" };
  const encryption = vault.encryption.mode === "sse-kms" ? { ...vault.encryption, sourceKeyArn: "" } : vault.encryption;
  write({ accounts: { source: blank, destination: vault.accounts.destination }, objectLock: vault.objectLock, encryption });
  window.localStorage.setItem(
    VAULT_LOCK_KEY,
    JSON.stringify({ accountId: vault.accounts.destination.accountId, bucket: vault.accounts.destination.bucket }),
  );
}

/** The locked vault, when the draft's destination is still that vault. */
export function vaultLock(
  destination: { accountId?: string; bucket?: string } | undefined,
): { accountId: string; bucket: string } | undefined {
  try {
    const raw = window.localStorage.getItem(VAULT_LOCK_KEY);
    const lock = raw ? (JSON.parse(raw) as { accountId?: string; bucket?: string }) : undefined;
    if (!lock?.accountId || !lock.bucket) return undefined;
    return lock.accountId === destination?.accountId && lock.bucket === destination?.bucket
      ? { accountId: lock.accountId, bucket: lock.bucket }
      : undefined;
  } catch {
    return undefined;
  }
}

export function clearVaultLock(): void {
  try {
    window.localStorage.removeItem(VAULT_LOCK_KEY);
  } catch {
    // storage disabled: nothing was locked
  }
}

/**
 * The vault this draft is locked to ("Add a source"), read after mount (local storage). Its retention and
 * encryption are shown read-only: the draft keeps the vault's values unchanged.
 */
export function useVaultLock(destination: { accountId?: string; bucket?: string } | undefined) {
  const [lock, setLock] = useState<{ accountId: string; bucket: string }>();
  const accountId = destination?.accountId;
  const bucket = destination?.bucket;
  useEffect(() => setLock(vaultLock({ accountId, bucket })), [accountId, bucket]);
  return lock;
}

/** The note next to a locked field. */
export const lockedHint = (bucket: string) => `Set by the vault ${bucket}; change it on the vault page.`;
