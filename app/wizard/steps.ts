// The wizard's steps, in the order of the AWS guide.
export const WIZARD_STEPS = [
  { slug: "accounts", label: "Accounts and buckets" },
  { slug: "object-lock", label: "Destination Object Lock" },
  { slug: "role", label: "Replication role" },
  { slug: "encryption", label: "Encryption" },
  { slug: "bucket-policy", label: "Destination bucket policy" },
  { slug: "rule", label: "Replication rule" },
  { slug: "review", label: "Review" },
] as const;

export type StepSlug = (typeof WIZARD_STEPS)[number]["slug"];

/** After Review: acting on the reviewed plan. Not form steps, so no draft state of their own. */
export const AFTER_STEPS = [
  { slug: "apply", label: "Apply" },
  { slug: "existing-objects", label: "Existing objects" },
  { slug: "verify", label: "Verify" },
] as const;

export const stepHref = (slug: StepSlug) => `/wizard/${slug}`;

/** The steps before and after `slug` (undefined at either end). */
export function neighbours(slug: StepSlug): { prev?: (typeof WIZARD_STEPS)[number]; next?: (typeof WIZARD_STEPS)[number] } {
  const i = WIZARD_STEPS.findIndex((s) => s.slug === slug);
  return { prev: WIZARD_STEPS[i - 1], next: WIZARD_STEPS[i + 1] };
}
