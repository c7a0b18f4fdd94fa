import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretSealer } from '../../../local/accessKeys/AesGcmSecretSealer.js';
import { loadLocalSecretSealer } from '../../../local/accessKeys/accessKeySealingKey.js';

const AK = 'AK000000000000000001';
const SK = 'secret0123456789secret0123456789secret01';

describe('the local sealer (AES-256-GCM)', () => {
  it('opens what it sealed, and only for the same access key and key', async () => {
    const sealer = new AesGcmSecretSealer(randomBytes(32));
    const sealed = await sealer.seal(AK, SK);
    expect(sealed).not.toContain(SK);
    expect(await sealer.open(AK, sealed)).toBe(SK);
    // GCM's tag covers the access key id (the AAD) and the key: neither may differ, no byte may change.
    await expect(sealer.open('AK000000000000000002', sealed)).rejects.toThrow('Unsupported state or unable to authenticate data');
    await expect(new AesGcmSecretSealer(randomBytes(32)).open(AK, sealed)).rejects.toThrow(
      'Unsupported state or unable to authenticate data',
    );
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    await expect(sealer.open(AK, bytes.toString('base64'))).rejects.toThrow('Unsupported state or unable to authenticate data');
    await expect(sealer.open(AK, 'c2hvcnQ=')).rejects.toThrow('Not a sealed secret');
  });

  it('keeps its key in DATA_DIR, readable by the owner only, and finds it again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sealer-'));
    try {
      const first = await loadLocalSecretSealer(dataDir);
      const file = join(dataDir, 'access-key-sealing.key');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file)).length).toBe(32);
      const again = await loadLocalSecretSealer(dataDir);
      expect(await again.open(AK, await first.seal(AK, SK))).toBe(SK);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
