"use client";
import { errorAt } from "../../_components/field-error";
import { type UseFormReturn, useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import type { RuleForm } from "./rule-types";

/** Which objects the rule replicates: the whole bucket, a prefix, tags, or a prefix and tags. */
export function ScopeFields({ form }: { form: UseFormReturn<RuleForm> }) {
  const { register, watch, formState, control } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "tags" });
  const err = (name: string) => errorAt(formState.errors, name);
  const scope = watch("scope");
  const usesPrefix = scope === "prefix" || scope === "prefix-tags";
  const usesTags = scope === "tags" || scope === "prefix-tags";
  // A prefix is matched literally against object keys: a leading "/" or a "*" is almost always a
  // mistake carried over from file paths or globs, so say what it will really match.
  const prefix = watch("prefix") ?? "";
  const prefixHint = prefix.startsWith("/")
    ? `Object keys rarely start with “/”: this prefix matches only keys that begin with “/”, not “${prefix.replace(/^\/+/, "")}…”.`
    : prefix.includes("*")
      ? "“*” is not a wildcard here: it matches only keys that contain a “*” at that place."
      : "Key prefix, e.g. invoices/. Matched literally, no wildcards.";
  const tagsError = errorAt(formState.errors, "tags") ?? errorAt(formState.errors, "tags.root");
  return (
    <fieldset className="fieldset">
      <legend>Scope</legend>
      <div className="stack">
        <Field id="rule-scope" label="Objects to replicate" error={err("scope")}>
          <select className="select" {...describedBy("rule-scope", null, err("scope"))} {...register("scope")}>
            <option value="all">The whole bucket</option>
            <option value="prefix">Objects under a prefix</option>
            <option value="tags">Objects with tags</option>
            <option value="prefix-tags">Objects under a prefix with tags</option>
          </select>
        </Field>
        {usesPrefix ? (
          <Field id="rule-prefix" label="Prefix" hint={prefixHint} error={err("prefix")}>
            <input
              className="input"
              autoComplete="off"
              spellCheck={false}
              {...describedBy("rule-prefix", true, err("prefix"))}
              {...register("prefix")}
            />
          </Field>
        ) : null}
        {usesTags ? (
          <div className="tags" role="group" aria-labelledby="rule-tags-title">
            <h3 id="rule-tags-title">Tags (all must match)</h3>
            {fields.map((f, i) => (
              <div key={f.id} className="tag-row">
                <Field id={`rule-tags-${i}-key`} label={`Tag key ${i + 1}`} error={err(`tags.${i}.key`)}>
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    {...describedBy(`rule-tags-${i}-key`, null, err(`tags.${i}.key`))}
                    {...register(`tags.${i}.key`)}
                  />
                </Field>
                <Field id={`rule-tags-${i}-value`} label={`Tag value ${i + 1}`} error={err(`tags.${i}.value`)}>
                  <input
                    className="input"
                    autoComplete="off"
                    spellCheck={false}
                    {...describedBy(`rule-tags-${i}-value`, null, err(`tags.${i}.value`))}
                    {...register(`tags.${i}.value`)}
                  />
                </Field>
                <Button className="btn-small tag-remove" onClick={() => remove(i)} aria-label={`Remove tag ${i + 1}`}>
                  Remove
                </Button>
              </div>
            ))}
            {tagsError ? (
              <span className="error" id="rule-tags-error" role="alert">
                {tagsError}
              </span>
            ) : null}
            <Button className="btn-small" onClick={() => append({ key: "", value: "" })} disabled={fields.length >= 10}>
              Add tag
            </Button>
          </div>
        ) : null}
      </div>
    </fieldset>
  );
}
