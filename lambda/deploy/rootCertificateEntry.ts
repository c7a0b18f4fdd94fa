import { kmsRootKeyFromEnv } from '../registry/kmsRootKeyFromEnv.js';
import { answerRootCertificateRequest } from './rootCertificateResource.js';
import type { CustomResourceRequest } from './signingPublicKeyResource.js';

/** The deploy-time custom resource that makes the registry root key's certificate through KMS. */
export const handler = (request: CustomResourceRequest) => answerRootCertificateRequest(request, () => kmsRootKeyFromEnv());
