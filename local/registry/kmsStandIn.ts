import { p256 } from '@noble/curves/nist.js';
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { listen } from '../server/server.js';

/** The signing algorithm of an ECC_NIST_P256 key that registry tokens use. */
const ALGORITHM = 'ECDSA_SHA_256';
const SHA256_BYTES = 32;

/**
 * What KMS's Sign answers for a P-256 key: the ECDSA signature of the SHA-256 digest, DER
 * encoded. With `DIGEST` the message is that digest already, which node:crypto cannot sign
 * (it always hashes), hence @noble/curves.
 */
export function signLikeKms(privateKey: KeyObject, message: Uint8Array, messageType: 'RAW' | 'DIGEST'): Uint8Array {
  if (messageType === 'DIGEST' && message.length !== SHA256_BYTES) {
    throw new KmsError('ValidationException', 'Digest is invalid length for algorithm ECDSA_SHA_256.');
  }
  const digest = messageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
  const secret = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return p256.sign(digest, secret, { prehash: false, format: 'der' });
}

/** An error KMS would answer, by its `__type`. */
export class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface KmsKey {
  /** The ARN (or id) callers name the key by. */
  keyArn: string;
  privateKey: KeyObject;
}

/** Sign and GetPublicKey of one ECC_NIST_P256 key, as KMS answers them (JSON, base64 blobs). */
function answerKmsCall(key: KmsKey, target: string, input: Record<string, unknown>): Record<string, unknown> {
  if (input.KeyId !== key.keyArn) throw new KmsError('NotFoundException', `Key '${String(input.KeyId)}' does not exist`);
  switch (target) {
    case 'TrentService.Sign': {
      if (input.SigningAlgorithm !== ALGORITHM) throw new KmsError('InvalidKeyUsageException', 'Unsupported signing algorithm');
      const messageType = input.MessageType === 'DIGEST' ? 'DIGEST' : 'RAW';
      const signature = signLikeKms(key.privateKey, Buffer.from(String(input.Message), 'base64'), messageType);
      return { KeyId: key.keyArn, Signature: Buffer.from(signature).toString('base64'), SigningAlgorithm: ALGORITHM };
    }
    case 'TrentService.GetPublicKey': {
      const spki = createPublicKey(key.privateKey).export({ type: 'spki', format: 'der' });
      return {
        KeyId: key.keyArn,
        PublicKey: spki.toString('base64'),
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: [ALGORITHM],
      };
    }
    default:
      throw new KmsError('UnsupportedOperationException', `${target} is not served here`);
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

export interface KmsStandIn {
  endpoint: string;
  /** How many calls of an action (`Sign`, `GetPublicKey`) it has answered or refused. */
  calls(action: string): number;
  close(): Promise<void>;
}

/**
 * A local stand-in for KMS with one key, on loopback: what the bundled token function talks
 * to in an offline invoke (KMS_ENDPOINT), so that it runs its real KMS code path, DER
 * conversion included, with a key on this machine. It checks no credentials.
 */
export async function startKmsStandIn(key: KmsKey, port = 0, options: { delayMs?: number } = {}): Promise<KmsStandIn> {
  const calls = new Map<string, number>();
  const server = createServer((request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    calls.set(target, (calls.get(target) ?? 0) + 1);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    };
    readJson(request)
      .then(async (input) => {
        // KMS answers over the network: a bench may ask for its round trip.
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        reply(200, answerKmsCall(key, target, input));
      })
      .catch((error: unknown) =>
        error instanceof KmsError
          ? reply(400, { __type: error.type, message: error.message })
          : reply(500, { __type: 'KMSInternalException', message: 'The request could not be served' }),
      );
  });
  return {
    endpoint: await listen(server, port),
    calls: (action) => calls.get(`TrentService.${action}`) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
