import { kmsRootKeyFromEnv } from '../runtime/kmsRootKeyFromEnv.js';
import { answerRootCertificateRequest } from '../deploy/rootCertificateResource.js';
import type { CustomResourceRequest } from '../deploy/signingPublicKeyResource.js';

/** The deploy-time custom resource that makes the registry root key's certificate through KMS. */
export const handler = (request: CustomResourceRequest) => answerRootCertificateRequest(request, () => kmsRootKeyFromEnv());
