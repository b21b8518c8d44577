// How long the Verify page waits for a replication status: 5 minutes by default (S3 usually replicates a
// small object within seconds to minutes); a test or a slow setup can choose 5 s to 1 hour.
export const DEFAULT_WAIT_SECONDS = 300;
export const MIN_WAIT_SECONDS = 5;
export const MAX_WAIT_SECONDS = 3600;
/** Each poll is one HeadObject on the source. */
export const POLL_EVERY_MS = 2000;
