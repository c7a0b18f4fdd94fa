import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { AccessKey } from '../../../lambda/domain/accessKey.js';
import { AccessKeyNotFoundError } from '../../../lambda/store/AccessKeyStore.js';
import { startTestStore, type TestStore } from '../../support/store.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');

let testStore: TestStore;
beforeEach(async () => {
  testStore = await startTestStore();
});
afterEach(() => testStore.close());

function key(accessKey: string, user: { domainId: string; userId: string }, created = NOW.toISOString()): AccessKey {
  return {
    accessKey,
    sealedSecret: `sealed-${accessKey}`,
    status: 'active',
    caller: { ...user, userName: `${user.userId}-name`, domainName: `${user.domainId}-name`, namespaces: { demo: 'manage' } },
    description: `key ${accessKey}`,
    created,
  };
}

const olivia = { domainId: 'owner-id', userId: 'olivia-id' };
const oscar = { domainId: 'owner-id', userId: 'oscar-id' };
/** Ids that, joined naively, would read as olivia's. */
const trickster = { domainId: 'owner-id/olivia-id', userId: '' };

describe('the access key store', () => {
  it('gives back a key exactly as written, and nothing for an unknown id', async () => {
    const written = key('AK000000000000000001', olivia);
    await testStore.accessKeys.createAccessKey(written);
    expect(await testStore.accessKeys.getAccessKey('AK000000000000000001')).toEqual(written);
    expect(await testStore.accessKeys.getAccessKey('AK000000000000000002')).toBeUndefined();
  });

  it('refuses a second key with the same id', async () => {
    await testStore.accessKeys.createAccessKey(key('AK000000000000000001', olivia));
    await expect(testStore.accessKeys.createAccessKey(key('AK000000000000000001', oscar))).rejects.toThrow(ConditionalCheckFailedException);
    expect((await testStore.accessKeys.getAccessKey('AK000000000000000001'))?.caller.userId).toBe('olivia-id');
  });

  it("lists a user's own keys, oldest first, and no one else's", async () => {
    await testStore.accessKeys.createAccessKey(key('AK000000000000000002', olivia, '2026-06-15T12:00:02.000Z'));
    await testStore.accessKeys.createAccessKey(key('AK000000000000000001', olivia, '2026-06-15T12:00:01.000Z'));
    await testStore.accessKeys.createAccessKey(key('AK000000000000000003', oscar));
    await testStore.accessKeys.createAccessKey(key('AK000000000000000004', trickster));
    const listed = await testStore.accessKeys.listAccessKeys(olivia);
    expect(listed.map((k) => k.accessKey)).toEqual(['AK000000000000000001', 'AK000000000000000002']);
    expect((await testStore.accessKeys.listAccessKeys(oscar)).map((k) => k.accessKey)).toEqual(['AK000000000000000003']);
  });

  it('keeps keys out of the shares an account sees, though both live in the byAccount index', async () => {
    await testStore.accessKeys.createAccessKey(key('AK000000000000000001', { domainId: 'partner', userId: 'partner' }));
    expect(await testStore.store.listSharedWith('partner', NOW)).toEqual([]);
  });

  it('lets only the owner disable, enable and delete a key', async () => {
    await testStore.accessKeys.createAccessKey(key('AK000000000000000001', olivia));
    await expect(testStore.accessKeys.setAccessKeyStatus('AK000000000000000001', oscar, 'inactive')).rejects.toThrow(
      AccessKeyNotFoundError,
    );
    await expect(testStore.accessKeys.deleteAccessKey('AK000000000000000001', oscar)).rejects.toThrow(AccessKeyNotFoundError);
    expect((await testStore.accessKeys.getAccessKey('AK000000000000000001'))?.status).toBe('active');

    const disabled = await testStore.accessKeys.setAccessKeyStatus('AK000000000000000001', olivia, 'inactive');
    expect(disabled).toEqual({ ...key('AK000000000000000001', olivia), status: 'inactive' });
    expect((await testStore.accessKeys.setAccessKeyStatus('AK000000000000000001', olivia, 'active')).status).toBe('active');

    await testStore.accessKeys.deleteAccessKey('AK000000000000000001', olivia);
    expect(await testStore.accessKeys.getAccessKey('AK000000000000000001')).toBeUndefined();
    await expect(testStore.accessKeys.deleteAccessKey('AK000000000000000001', olivia)).rejects.toThrow(AccessKeyNotFoundError);
    await expect(testStore.accessKeys.setAccessKeyStatus('AK000000000000000001', olivia, 'active')).rejects.toThrow(AccessKeyNotFoundError);
  });
});
