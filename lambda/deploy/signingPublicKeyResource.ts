import { GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createPublicKey } from 'node:crypto';
import { libtrustKeyId } from '../registry/keyId.js';

/** The fields of a CloudFormation custom resource request that this resource reads. */
export interface CustomResourceRequest {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: { KeyId?: string };
}

/** What the stack reads with Fn::GetAtt: the key's public half and the id registries know it by. */
export interface SigningPublicKey {
  /** The SubjectPublicKeyInfo, DER, base64. */
  PublicKey: string;
  /** The libtrust key id: the `kid` of every registry token signed with the key. */
  KeyId: string;
}

const EXPECTED_KEY_SPEC = 'ECC_NIST_P256';

/** Reads the public half of the KMS key: the one right this resource's role has on it. */
async function readSigningPublicKey(kms: KMSClient, keyId: string): Promise<SigningPublicKey> {
  const answer = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (answer.KeySpec !== EXPECTED_KEY_SPEC || answer.KeyUsage !== 'SIGN_VERIFY' || !answer.PublicKey) {
    throw new Error(`${keyId} is not an ${EXPECTED_KEY_SPEC} SIGN_VERIFY key`);
  }
  const der = Buffer.from(answer.PublicKey);
  return { PublicKey: der.toString('base64'), KeyId: libtrustKeyId(createPublicKey({ key: der, format: 'der', type: 'spki' })) };
}

/**
 * A deploy-time custom resource that hands the signing key's public half to the stack, so
 * the token function learns it from its environment and needs no right but kms:Sign. On
 * Delete it does nothing: the key is retained, and its public half is no secret to undo.
 * The answer goes to CloudFormation's pre-signed URL, as every custom resource's must.
 */
export async function answerSigningPublicKeyRequest(
  request: CustomResourceRequest,
  kms: KMSClient,
  send: typeof fetch = fetch,
): Promise<void> {
  const keyId = request.ResourceProperties.KeyId;
  let outcome: { Status: 'SUCCESS'; Data?: SigningPublicKey } | { Status: 'FAILED'; Reason: string };
  try {
    if (request.RequestType === 'Delete') outcome = { Status: 'SUCCESS' };
    else if (!keyId) throw new Error('The property KeyId is required');
    else outcome = { Status: 'SUCCESS', Data: await readSigningPublicKey(kms, keyId) };
  } catch (error) {
    outcome = { Status: 'FAILED', Reason: `Could not read the signing key's public half: ${(error as Error).message}` };
  }
  const body = JSON.stringify({
    ...outcome,
    // The key's id: a new key (a replacement) is a new physical resource.
    PhysicalResourceId: keyId ?? request.PhysicalResourceId ?? request.LogicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  // The URL is signed without a content type, so none may be sent.
  const response = await send(request.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation refused the answer: HTTP ${response.status}`);
}
