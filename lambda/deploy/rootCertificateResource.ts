import { createHash, X509Certificate } from 'node:crypto';
import type { RootKey } from '../registry/RootKey.js';
import { issueRootCertificate } from '../registry/rootCertificate.js';
import { answerCustomResource } from './customResourceAnswer.js';
import type { CustomResourceRequest } from './signingPublicKeyResource.js';

/** What the stack reads with Fn::GetAtt. */
export interface RootCertificateData extends Record<string, string> {
  /** The root certificate, PEM: what the registry's `rootcertbundle` holds. */
  Certificate: string;
  /** Its SHA-256 fingerprint, hex: it changes with every new certificate, rolling the registry's tasks. */
  Sha256: string;
}

/**
 * A deploy-time custom resource that makes the root certificate of the registry signing key,
 * self-signed through KMS (`kms:Sign`, ES256), as `npm run registry-cert` does by hand: the
 * registry the stack runs trusts the token service with no operator step. A new key (its ARN
 * is the resource's property, and its physical id) makes a new certificate. On Delete it
 * does nothing: a certificate is no resource to undo. `rootKey` is asked for inside, so that
 * a misconfigured function answers FAILED at once.
 */
export function answerRootCertificateRequest(
  request: CustomResourceRequest,
  rootKey: () => RootKey,
  send: typeof fetch = fetch,
): Promise<void> {
  const keyId = request.ResourceProperties.KeyId;
  const produce = async (): Promise<RootCertificateData> => {
    if (!keyId) throw new Error('The property KeyId is required');
    const pem = await issueRootCertificate(rootKey());
    return { Certificate: pem, Sha256: createHash('sha256').update(new X509Certificate(pem).raw).digest('hex') };
  };
  return answerCustomResource(request, keyId, produce, 'Could not make the root certificate', send);
}
