// SDK clients acting in one emulated account, straight at moto (never through the proxy, so the
// engine's own writes do not trigger replication). moto maps the credentials of an AssumeRole session
// to the role's account; a reset forgets the sessions, so the cache is dropped on every reset.
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

export type Clients = { s3: S3Client; iam: IAMClient; kms: (region: string) => KMSClient };

const BASE = { accessKeyId: "lockbridge-replicator", secretAccessKey: "lockbridge-replicator-secret" };

export class AccountClients {
  private cache = new Map<string, Promise<Clients>>();
  constructor(private readonly upstream: string) {}

  reset(): void {
    for (const p of this.cache.values())
      p.then(
        (c) => {
          c.s3.destroy();
          c.iam.destroy();
        },
        () => undefined,
      );
    this.cache.clear();
  }

  for(account: string): Promise<Clients> {
    let p = this.cache.get(account);
    if (!p) {
      p = this.make(account);
      p.catch(() => this.cache.delete(account));
      this.cache.set(account, p);
    }
    return p;
  }

  private async make(account: string): Promise<Clients> {
    const endpoint = this.upstream;
    const sts = new STSClient({ endpoint, region: "us-east-1", credentials: BASE });
    try {
      // The session name shows in moto's logs; the role need not exist (moto does not check).
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/lockbridge-sandbox-s3`, RoleSessionName: "s3-replication" }),
      );
      const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
      const kms = new Map<string, KMSClient>();
      return {
        s3: new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true }),
        iam: new IAMClient({ endpoint, region: "us-east-1", credentials }),
        kms: (region) => {
          if (!kms.has(region)) kms.set(region, new KMSClient({ endpoint, region, credentials }));
          return kms.get(region)!;
        },
      };
    } finally {
      sts.destroy();
    }
  }
}
