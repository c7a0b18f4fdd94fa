import { ACCESS_KEY_REFUSAL_REASONS } from './accessKeyResolver.js';
import { TOKEN_REFUSAL_REASONS } from './authRefusal.js';
import { REGISTRY_LOGIN_REFUSAL_REASONS } from './registryLogin.js';
import { SIGNATURE_REFUSAL_REASONS } from './sdkSignature.js';

/**
 * Why a credential was refused, as the `Reason` of the AuthFailures metric: one closed set,
 * the union of the reasons each refusal raises (a token's, an access key's, a signature's, a
 * registry login's), typed from the raise site to the metric. The refusals log the same
 * reason (`token refused`, `signature refused`, `registry login refused`); a dimension never
 * carries what a caller wrote, nor grows with it.
 */
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** Every reason, once each (a token and an access key are both refused a non-ASCII account name). */
export const AUTH_FAILURE_REASONS = [
  ...new Set([...TOKEN_REFUSAL_REASONS, ...ACCESS_KEY_REFUSAL_REASONS, ...SIGNATURE_REFUSAL_REASONS, ...REGISTRY_LOGIN_REFUSAL_REASONS]),
];
