import { createHmac, randomInt } from 'node:crypto';
import type { Caller } from './permissions.js';

/**
 * Access keys (AK/SK), as Huawei Cloud's IAM issues them: the access key id names the key,
 * the secret signs requests (SDK-HMAC-SHA256) and derives the registry login key.
 */

export const ACCESS_KEY_STATUSES = ['active', 'inactive'] as const;
export type AccessKeyStatus = (typeof ACCESS_KEY_STATUSES)[number];

/** A key as the store keeps it: the secret only sealed, the caller it stands for. */
export interface AccessKey {
  accessKey: string;
  /** The secret, encrypted with the access key id bound to it (see SecretSealer). */
  sealedSecret: string;
  status: AccessKeyStatus;
  /** Who a request signed with the key is: the creator, as its token said at creation. */
  caller: Caller;
  description: string;
  /** ISO 8601. */
  created: string;
}

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALPHANUMERIC = `${UPPER_ALPHANUMERIC}abcdefghijklmnopqrstuvwxyz`;
const ACCESS_KEY_LENGTH = 20;
const SECRET_KEY_LENGTH = 40;

/** 20 upper-case letters and digits, IAM's shape of an access key id. */
export const ACCESS_KEY_PATTERN = /^[A-Z0-9]{20}$/;

export function isAccessKeyId(value: unknown): value is string {
  return typeof value === 'string' && ACCESS_KEY_PATTERN.test(value);
}

/** Uniform characters from the CSPRNG (randomInt draws without modulo bias). */
function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A new access key id (≈103 bits) and secret (≈238 bits). */
export function generateAccessKeyPair(): { accessKey: string; secretKey: string } {
  return {
    accessKey: randomString(UPPER_ALPHANUMERIC, ACCESS_KEY_LENGTH),
    secretKey: randomString(ALPHANUMERIC, SECRET_KEY_LENGTH),
  };
}

/**
 * SWR's long-term registry login key: lower-case hex of HMAC-SHA256(key = SK, message = AK),
 * the password of `docker login -u <region>@<AK>`.
 */
export function registryLoginKey(accessKey: string, secretKey: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(accessKey, 'utf8').digest('hex');
}
