"use client";
// One step's form: react-hook-form validated by the step's zod schema (zodResolver) plus the
// cross-step rules of wizardInput on this step's fields. Every change is written to the draft, so the
// live preview and a reload see it; Next validates and moves on, Back moves back keeping the values.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { type DefaultValues, type FieldValues, type Resolver, useForm } from "react-hook-form";
import type * as z from "zod/mini";
import { type WizardFormValues, wizardInput } from "@/lib/schema/wizard";
import { neighbours, stepHref } from "../steps";
import { useDraft } from "./draft-provider";
import { type FormStep, STEP_KEY } from "./draft-keys";

type Errors = Record<string, unknown>;

function setPath(target: Errors, path: string[], value: unknown) {
  let at = target;
  path.forEach((p, i) => {
    if (i === path.length - 1) at[p] ??= value;
    else at = (at[p] ??= {}) as Errors;
  });
}

function stepResolver<T extends FieldValues>(slug: FormStep, schema: z.ZodMiniType, current: () => WizardFormValues): Resolver<T> {
  const base = zodResolver(schema as never) as unknown as Resolver<T>;
  const key = STEP_KEY[slug];
  return async (values, ctx, options) => {
    const own = await base(values, ctx, options);
    if (Object.keys(own.errors).length > 0) return own;
    const full = wizardInput.safeParse({ ...current(), [key]: values });
    if (full.success) return own;
    const errors: Errors = {};
    for (const i of full.error.issues) {
      if (i.path[0] === key && i.path.length > 1) setPath(errors, i.path.slice(1).map(String), { type: "custom", message: i.message });
    }
    return Object.keys(errors).length > 0 ? { values: {}, errors: errors as never } : own;
  };
}

export function useStepForm<T extends FieldValues>(
  slug: FormStep,
  schema: z.ZodMiniType,
  initial: (v: WizardFormValues) => T,
  beforeNext?: () => boolean,
) {
  const draft = useDraft();
  const router = useRouter();
  const key = STEP_KEY[slug];
  const latest = useRef(draft.values);
  latest.current = draft.values;
  const form = useForm<T>({
    resolver: stepResolver<T>(slug, schema, () => latest.current),
    mode: "onBlur",
    reValidateMode: "onChange",
    defaultValues: initial(draft.values) as DefaultValues<T>,
  });
  const { update } = draft;

  useEffect(() => {
    // Derived defaults (role name, rule ID) belong in the draft even if the user never edits them.
    update(key, structuredClone(form.getValues()) as never);
    const sub = form.watch((v) => update(key, structuredClone(v) as never));
    return () => sub.unsubscribe();
  }, [form, update, key]);

  const { prev, next } = neighbours(slug);
  const onNext = form.handleSubmit(() => {
    if (beforeNext && !beforeNext()) return;
    draft.markCompleted(slug);
    if (next) router.push(stepHref(next.slug));
  });
  const onBack = useCallback(() => {
    if (prev) router.push(stepHref(prev.slug));
  }, [prev, router]);
  return { form, onNext, onBack, prev, next };
}
