"use client";
// The bootstrap in three forms, each with Copy and Download, and the console quick-create link.
import { CopyButton, DownloadButton } from "@/components/copy-download";
import type { Bootstrap } from "../actions";
import styles from "./onboard.module.css";

function Output({
  id,
  title,
  text,
  fileName,
  children,
}: {
  id: string;
  title: string;
  text: string;
  fileName: string;
  children?: React.ReactNode;
}) {
  return (
    <section className="card stack-sm" aria-labelledby={`${id}-title`}>
      <div className="actions">
        <h3 id={`${id}-title`}>{title}</h3>
        <CopyButton text={text} label={title} />
        <DownloadButton text={text} fileName={fileName} label={`Download ${title}`} />
      </div>
      {children}
      <pre className={styles.code} tabIndex={0} aria-label={title} data-testid={`bootstrap-${id}`}>
        {text}
      </pre>
    </section>
  );
}

export function BootstrapOutputs({ b }: { b: Bootstrap }) {
  return (
    <div className="stack">
      <dl className={styles.facts}>
        <dt>Access role</dt>
        <dd data-testid="access-role-arn">{b.roleArn}</dd>
        <dt>Trusted principal (this server)</dt>
        <dd>{b.trustedPrincipal}</dd>
        <dt>ExternalId (new for this onboarding)</dt>
        <dd data-testid="external-id">{b.externalId}</dd>
      </dl>
      <Output id="cloudformation" title="CloudFormation template" text={b.cloudFormation} fileName={`${b.stackName}.yaml`}>
        {b.quickCreate ? (
          <p>
            <a className="btn btn-primary" href={b.quickCreate} target="_blank" rel="noreferrer noopener">
              Launch stack in the console
            </a>{" "}
            (quick-create, ExternalId and role name filled in)
          </p>
        ) : (
          <p className="hint">
            Upload the template to an S3 bucket and enter its URL above to get a console &ldquo;Launch stack&rdquo; link: CloudFormation
            only loads templates from S3.
          </p>
        )}
      </Output>
      <Output id="terraform" title="Terraform" text={b.terraform} fileName="lockbridge-access.tf" />
      <Output id="cli" title="AWS CLI script" text={b.cli} fileName="lockbridge-access.sh" />
      <details>
        <summary>The permissions policy, and why each statement</summary>
        <pre className={styles.code} tabIndex={0}>
          {b.policy}
        </pre>
      </details>
    </div>
  );
}
