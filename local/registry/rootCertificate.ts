import { issueRootCertificate } from '../../lambda/registry/rootCertificate.js';

/**
 * The root certificate of a root key, PEM, for a registry's `rootcertbundle`: the one the
 * stack's custom resource makes at deploy (lambda/registry/rootCertificate.ts), here made by
 * the operator's tools (`npm run registry-cert`, the local keys).
 */
export const createRootCertificate = issueRootCertificate;
