import { KMSClient } from '@aws-sdk/client-kms';
import { answerSigningPublicKeyRequest, type CustomResourceRequest } from '../deploy/signingPublicKeyResource.js';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';

const kms = new KMSClient(timeoutClientOptions());

/** The deploy-time custom resource that reads the registry token signing key's public half. */
export const handler = (request: CustomResourceRequest) => answerSigningPublicKeyRequest(request, kms);
