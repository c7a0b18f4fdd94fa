import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApi, SHARES, type TestApi } from '../support/testApi.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const validBody = { access_domain: 'partner', permit: 'read', deadline: 'forever' };

let api: TestApi;
let ownerToken: string;

beforeAll(async () => {
  api = await createTestApi({ now: NOW });
  ownerToken = await api.tokens.sign({ domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } });
});
afterAll(() => api.close());

describe('POST access-domains', () => {
  it('answers 201 {} and keeps who created the share and when', async () => {
    const answer = await api.call('POST', SHARES, { token: ownerToken, body: validBody });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({});
    expect(answer.headers['Content-Type']).toBe('application/json');
    expect(answer.headers['X-Request-Id']).toBeTruthy();
    const stored = await api.store.store.getShare({ namespace: 'demo', repository: 'nginx', accessDomain: 'PARTNER' }, NOW);
    expect(stored).toMatchObject({
      accessDomain: 'partner',
      creatorId: 'olivia-id',
      creatorName: 'olivia',
      created: NOW.toISOString(),
      updated: NOW.toISOString(),
      activeUntil: undefined,
      removeAt: undefined,
    });
  });
});
