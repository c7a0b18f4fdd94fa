import type { AccessKey, AccessKeyStatus } from '../domain/accessKey.js';

/**
 * The access keys' operations, one interface each, split by use as the share store's are:
 * verifying a signature only reads one key; managing keys touches only the caller's own.
 */

/** The user a key belongs to: a key is managed by its owner alone. */
export interface KeyOwner {
  domainId: string;
  userId: string;
}

/** Thrown when the key is absent or belongs to someone else (the caller cannot tell which). */
export class AccessKeyNotFoundError extends Error {
  constructor() {
    super('The access key does not exist');
    this.name = 'AccessKeyNotFoundError';
  }
}

export interface AccessKeyCreator {
  /** Writes a new key; a (vanishingly unlikely) clash of key ids throws. */
  createAccessKey(key: AccessKey): Promise<void>;
}

export interface AccessKeyReader {
  getAccessKey(accessKey: string): Promise<AccessKey | undefined>;
}

export interface AccessKeyLister {
  /** Every key of the owner, oldest first. */
  listAccessKeys(owner: KeyOwner): Promise<AccessKey[]>;
}

export interface AccessKeyUpdater {
  /** @throws AccessKeyNotFoundError unless the key is the owner's */
  setAccessKeyStatus(accessKey: string, owner: KeyOwner, status: AccessKeyStatus): Promise<AccessKey>;
}

export interface AccessKeyDeleter {
  /** @throws AccessKeyNotFoundError unless the key is the owner's */
  deleteAccessKey(accessKey: string, owner: KeyOwner): Promise<void>;
}

export type AccessKeyStore = AccessKeyCreator & AccessKeyReader & AccessKeyLister & AccessKeyUpdater & AccessKeyDeleter;
