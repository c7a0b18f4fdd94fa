import { type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { createHash, type KeyObject } from 'node:crypto';
import type { RootKey } from './RootKey.js';

/** P-256: r and s are 32 bytes each in the raw form JWS needs. */
const COORDINATE_BYTES = 32;

/**
 * KMS answers an ECDSA signature in DER (SEQUENCE { INTEGER r, INTEGER s }); JWS and the
 * registry want r‖s, each left-padded to 32 bytes. DER integers are signed, so a leading
 * zero byte may precede a high bit and is dropped.
 */
export function derToRawSignature(der: Uint8Array): Uint8Array {
  const fail = () => new Error('Not a DER-encoded ECDSA P-256 signature');
  let offset = 0;
  const readLength = () => {
    const first = der[offset++];
    if (first === undefined) throw fail();
    if (first < 0x80) return first;
    if (first !== 0x81) throw fail(); // a P-256 signature is never longer than 255 bytes
    const length = der[offset++];
    if (length === undefined) throw fail();
    return length;
  };
  const readInteger = () => {
    if (der[offset++] !== 0x02) throw fail();
    const length = readLength();
    let value = der.subarray(offset, offset + length);
    offset += length;
    while (value.length > COORDINATE_BYTES && value[0] === 0) value = value.subarray(1);
    if (value.length === 0 || value.length > COORDINATE_BYTES || offset > der.length) throw fail();
    const padded = new Uint8Array(COORDINATE_BYTES);
    padded.set(value, COORDINATE_BYTES - value.length);
    return padded;
  };
  if (der[offset++] !== 0x30) throw fail();
  const sequenceLength = readLength();
  if (offset + sequenceLength !== der.length) throw fail();
  const r = readInteger();
  const s = readInteger();
  if (offset !== der.length) throw fail();
  return Buffer.concat([r, s]);
}

/**
 * The root key in KMS (ECC_NIST_P256, SIGN_VERIFY): the private key never leaves KMS. The
 * token function signs with it once per short-lived key (about once an hour), never per
 * token; `kms:Sign` on that key is all the function needs.
 */
export class KmsRootKey implements RootKey {
  constructor(
    private readonly client: KMSClient,
    /** The key's id or ARN. */
    private readonly keyId: string,
    readonly publicKey: KeyObject,
    /** Grant tokens that allow the Sign (an operator's one-off grant); none for the function. */
    private readonly grantTokens: readonly string[] = [],
  ) {}

  /** Sends the SHA-256 digest, not the message: KMS takes at most 4 KB of raw message. */
  async sign(data: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(data).digest();
    const { Signature } = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
        ...(this.grantTokens.length > 0 && { GrantTokens: [...this.grantTokens] }),
      }),
    );
    if (!Signature) throw new Error('KMS answered no signature');
    return derToRawSignature(Signature);
  }
}
