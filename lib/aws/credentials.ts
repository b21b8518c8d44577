import "server-only";
// Credentials never leave this layer: providers are built here and handed to SDK clients only.
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { env } from "@/lib/env";

type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

export type AccountAccess = { mode: "server" } | { mode: "role"; roleArn: string; externalId?: string };

let base: AwsCredentialIdentityProvider | undefined;

/** The server's own credentials: env, shared profile, SSO, container or instance role. */
export function baseCredentials(): AwsCredentialIdentityProvider {
  base ??= fromNodeProviderChain();
  return base;
}

/** A recognisable session name, so CloudTrail in either account shows who acted. */
export function sessionName(purpose: string): string {
  return `lockbridge-${purpose}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

export function credentialsFor(access: AccountAccess, region: string, purpose = "wizard"): AwsCredentialIdentityProvider {
  if (access.mode === "server") return baseCredentials();
  return fromTemporaryCredentials({
    masterCredentials: baseCredentials(),
    params: {
      RoleArn: access.roleArn,
      ExternalId: access.externalId,
      RoleSessionName: sessionName(purpose),
      DurationSeconds: 900,
    },
    clientConfig: { region, endpoint: env().endpoint },
  });
}
