import type { TokenRefusalReason } from './authRefusal.js';

/**
 * Why a credential was refused, as the `Reason` of the AuthFailures metric: the reasons the
 * refusals log (`token refused`, `signature refused`, `registry login refused`; docs/using-the-api.md,
 * "Access keys" and "Tokens"), from a closed set. A logged reason that names a header the
 * client sent (`signed header x-foo absent`) is counted without the name, and one not listed
 * here as `other`: a dimension never carries what a caller wrote, nor grows with it.
 */

/** Every reason a token is refused for (tokenRefusalReason.ts); the compiler checks that none is missing. */
const TOKEN_REASONS: Readonly<Record<TokenRefusalReason, true>> = {
  'missing token': true,
  'malformed token': true,
  'bad signature': true,
  'unknown signing key': true,
  'algorithm not allowed': true,
  expired: true,
  'not yet valid': true,
  'wrong issuer': true,
  'wrong audience': true,
  'missing expiry': true,
  'invalid claims': true,
  'non-ASCII account name': true,
  'key set unavailable': true,
};

/** An access key's (accessKeyResolver.ts), a signature's (sdkSignature.ts), a registry login's. */
const OTHER_REASONS = [
  'unknown access key',
  'access key disabled',
  'malformed access key id',
  'malformed Authorization header',
  'header not signed',
  'signed header absent',
  'malformed X-Sdk-Date',
  'X-Sdk-Date out of the 15 minute window',
  'signature mismatch',
  'unverifiable request',
  'malformed Basic credentials',
  'wrong login key',
  'token refused',
  'other',
] as const;

export type AuthFailureReason = TokenRefusalReason | (typeof OTHER_REASONS)[number];

export const AUTH_FAILURE_REASONS: readonly AuthFailureReason[] = [
  ...(Object.keys(TOKEN_REASONS) as TokenRefusalReason[]),
  ...OTHER_REASONS,
];

const KNOWN: ReadonlySet<string> = new Set(AUTH_FAILURE_REASONS);

/** The logged reasons that name a header, by the reason they count as. */
const NAMING_A_HEADER: readonly [RegExp, AuthFailureReason][] = [
  [/^header \S+ not signed$/, 'header not signed'],
  [/^signed header .+ absent$/s, 'signed header absent'],
];

/** The metric's reason for a logged one. */
export function authFailureReason(logged: string): AuthFailureReason {
  if (KNOWN.has(logged)) return logged as AuthFailureReason;
  return NAMING_A_HEADER.find(([pattern]) => pattern.test(logged))?.[1] ?? 'other';
}
