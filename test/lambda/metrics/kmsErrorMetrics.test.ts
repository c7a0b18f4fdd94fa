import { describe, expect, it } from '@jest/globals';
import type { SecretSealer } from '../../../lambda/auth/SecretSealer.js';
import { countRootKeyErrors, countSealerErrors } from '../../../lambda/metrics/kmsErrorMetrics.js';
import { createTestRootKey } from '../../support/registrySigner.js';
import { recordingMetrics } from '../../support/emfRecorder.js';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('countSealerErrors', () => {
  it('counts each failed seal or open by its kind, and lets the failure through as it is', async () => {
    const emf = recordingMetrics();
    const failing: SecretSealer = {
      seal: async () => Promise.reject(throttled()),
      open: async () => Promise.reject(new Error('InvalidCiphertextException')),
    };
    const sealer = countSealerErrors(failing, emf.metrics);
    await expect(sealer.seal('AK', 'secret')).rejects.toThrow('Rate exceeded');
    await expect(sealer.open('AK', 'sealed')).rejects.toThrow('InvalidCiphertextException');
    expect(emf.named('KmsErrors')).toEqual([
      { dimensions: { Kind: 'throttle' }, value: 1 },
      { dimensions: { Kind: 'error' }, value: 1 },
    ]);
  });

  it('counts nothing when the sealer works, and answers what it answers', async () => {
    const emf = recordingMetrics();
    const sealer = countSealerErrors(
      { seal: async (ak, secret) => `${ak}:${secret}`, open: async (_ak, sealed) => sealed.split(':')[1]! },
      emf.metrics,
    );
    expect(await sealer.open('AK', await sealer.seal('AK', 'secret'))).toBe('secret');
    expect(emf.lines).toEqual([]);
  });
});

describe('countRootKeyErrors', () => {
  it('counts a failed signature, keeps the public key, and signs as the key does', async () => {
    const emf = recordingMetrics();
    const root = createTestRootKey();
    const counted = countRootKeyErrors(root, emf.metrics);
    expect(counted.publicKey).toBe(root.publicKey);
    expect(await counted.sign(Buffer.from('data'))).toHaveLength(64);
    const broken = countRootKeyErrors({ publicKey: root.publicKey, sign: async () => Promise.reject(throttled()) }, emf.metrics);
    await expect(broken.sign(Buffer.from('data'))).rejects.toThrow('Rate exceeded');
    expect(emf.named('KmsErrors')).toEqual([{ dimensions: { Kind: 'throttle' }, value: 1 }]);
  });
});
