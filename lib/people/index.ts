import "server-only";
export { resolveActor, isTrustedProxy, normalizeAddress, IdentityError, LOCAL_USER_COOKIE } from "./resolve";
export type { ResolvedActor, HeaderSource, CookieSource, IdentityErrorCode } from "./resolve";
export { actorName, validateActorName, MAX_NAME, type NameCheck } from "./names";
export { PEER_ADDRESS_HEADER, stampPeerAddress, verifiedPeerAddress } from "./peer";
export { currentActor, actorOrNull } from "./server";
