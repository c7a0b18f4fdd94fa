/** The registry's `service` (the token's `aud`) unless configured otherwise. */
export const DEFAULT_REGISTRY_SERVICE = 'swr-registry';

/** The token's `iss`, which the registry's `issuer` must equal, unless configured otherwise. */
export const DEFAULT_REGISTRY_TOKEN_ISSUER = 'swr-access-domains';

/** The common name of the certificate a registry's `rootcertbundle` holds, local or deployed. */
export const REGISTRY_CERTIFICATE_NAME = 'swr-access-domains registry token signer';

/** Registry tokens live at most this long, so that a revoked share stops pulls soon. */
export const MAX_REGISTRY_TOKEN_LIFETIME_SECONDS = 300;

/**
 * The shortest registry token lifetime one may configure (the environment variable and the
 * stack's parameter alike), and the shortest token worth signing: registry clients treat a
 * token shorter than 60 s as living 60 s (distribution's token spec asks never to answer
 * less), so a shorter setting would only make a revoked share look stopped sooner than it is.
 */
export const MIN_REGISTRY_TOKEN_LIFETIME_SECONDS = 60;

/**
 * How far a certificate's NotBefore is set back: a registry whose clock runs this much
 * behind ours still accepts a certificate made just now (Go's x509 refuses one that starts
 * in its future).
 */
export const CLOCK_BEHIND_MARGIN_SECONDS = 10 * 60;
