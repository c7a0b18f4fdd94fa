import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHARES } from '../../support/fixtures.js';
import { createTestApi, type TestApi } from '../../support/testApi.js';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await createTestApi();
  token = await api.tokens.sign({ domain: 'owner', namespaces: { demo: 'manage' } });
});
afterAll(() => api.close());

describe('concurrent identical creates', () => {
  it('of 50, exactly one gets 201 and 49 get 409', async () => {
    const body = { access_domain: 'partner', permit: 'read', deadline: 'forever' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => api.call('POST', SHARES, { token, body })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
  });

  it('counts accounts that differ only in case as the same one', async () => {
    const path = SHARES.replace('nginx', 'redis');
    const spellings = ['partner', 'Partner', 'PARTNER', 'pArTnEr'];
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        api.call('POST', path, { token, body: { access_domain: spellings[i % 4], permit: 'read', deadline: 'forever' } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(39);
  });
});
