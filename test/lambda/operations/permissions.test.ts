import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PermissionLevel } from '../../../lambda/domain/permissions.js';
import { expectError, NOW, SHARES, shareBody, sharesPath } from '../../support/fixtures.js';
import { type ApiAnswer, createTestApi, type TestApi } from '../../support/testApi.js';

/** docs/access-domains.md §6: who may do what, and in which order a request is refused (401 → 400 → 403). */

interface Operation {
  name: string;
  method: string;
  /** Below the repository's base path. */
  below: string;
  body?: unknown;
}

const LIST: Operation = { name: 'list', method: 'GET', below: '' };
const SHOW: Operation = { name: 'show', method: 'GET', below: '/partner' };
const CREATE: Operation = { name: 'create', method: 'POST', below: '', body: shareBody({ access_domain: 'newcomer' }) };
const UPDATE: Operation = {
  name: 'update',
  method: 'PATCH',
  below: '/partner',
  body: { permit: 'read', deadline: 'forever', description: 'changed' },
};
const DELETE: Operation = { name: 'delete', method: 'DELETE', below: '/partner' };
const READS = [LIST, SHOW];
const CHANGES = [CREATE, UPDATE, DELETE];
const EVERY_OPERATION = [...READS, ...CHANGES];

let api: TestApi;
/** The repository's shares as they stood before the request under test. */
let sharesBefore: unknown;

beforeEach(async () => {
  api = await createTestApi({ now: NOW });
  const created = await send(CREATE, await tokenFor({ demo: 'manage' }), SHARES, shareBody({ description: 'kept' }));
  expect(created.status).toBe(201);
  sharesBefore = await currentShares();
});
afterEach(() => api.close());

function tokenFor(namespaces: Record<string, PermissionLevel>, domain = 'owner'): Promise<string> {
  return api.tokens.sign({ domain, user: `${domain}-user`, namespaces });
}

function send(operation: Operation, token: string | undefined, base = SHARES, body = operation.body): Promise<ApiAnswer> {
  return api.call(operation.method, base + operation.below, { ...(token !== undefined && { token }), body });
}

async function currentShares(): Promise<unknown> {
  const answer = await send(LIST, await tokenFor({ demo: 'manage' }));
  expect(answer.status).toBe(200);
  return answer.body;
}

const byName = (operations: Operation[]) => operations.map((operation) => [operation.name, operation] as const);

describe('reading shares', () => {
  describe.each(['read', 'write', 'manage'] as const)('with %s on the namespace', (level) => {
    it('lists the shares', async () => {
      const answer = await send(LIST, await tokenFor({ demo: level }));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(sharesBefore);
    });

    it('shows a share', async () => {
      const answer = await send(SHOW, await tokenFor({ demo: level }));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ exist: true, access_domain: 'partner', description: 'kept' });
    });
  });
});

describe('changing shares', () => {
  describe.each(['read', 'write'] as const)('with only %s on the namespace', (level) => {
    it.each(byName(CHANGES))('%s answers 403 SVCSTG.SWR.4039002 and changes nothing', async (_name, operation) => {
      expectError(await send(operation, await tokenFor({ demo: level })), 403, 'SVCSTG.SWR.4039002');
      expect(await currentShares()).toEqual(sharesBefore);
    });
  });

  it.each([
    ['create', CREATE, 201],
    ['update', UPDATE, 201],
    ['delete', DELETE, 204],
  ] as const)('with manage on the namespace, %s succeeds', async (_name, operation, status) => {
    const answer = await send(operation, await tokenFor({ demo: 'manage' }));
    expect(answer.status).toBe(status);
    expect(await currentShares()).not.toEqual(sharesBefore);
  });
});

describe('another account without the namespace', () => {
  it.each([
    ['manage on other namespaces only', { other: 'manage', 'demo-team': 'manage', dem: 'manage' }],
    ['no namespace at all', {}],
  ] as const)('with %s, gets 403 on every operation and changes nothing', async (_case, namespaces) => {
    const token = await tokenFor(namespaces, 'intruder');
    for (const operation of EVERY_OPERATION) {
      expectError(await send(operation, token), 403, 'SVCSTG.SWR.4039002');
    }
    expect(await currentShares()).toEqual(sharesBefore);
  });
});

describe('an invalid namespace', () => {
  it.each(byName(EVERY_OPERATION))(
    '%s answers 400 SVCSTG.SWR.4001028 even to a caller without any permission',
    async (_name, operation) => {
      const answer = await send(operation, await tokenFor({}, 'intruder'), sharesPath('nginx', 'Demo'));
      expectError(answer, 400, 'SVCSTG.SWR.4001028');
    },
  );

  it.each([
    { label: '-demo', namespace: '-demo' },
    { label: 'demo..team', namespace: 'demo..team' },
    { label: 'demo-', namespace: 'demo-' },
    { label: '9demo', namespace: '9demo' },
    { label: 'a name of 65 characters', namespace: 'd'.repeat(65) },
  ])('$label is refused whatever the token allows', async ({ namespace }) => {
    const answer = await send(LIST, await tokenFor({ [namespace]: 'manage' }), sharesPath('nginx', namespace));
    expectError(answer, 400, 'SVCSTG.SWR.4001028');
  });
});

describe('without a valid token', () => {
  it.each(byName(EVERY_OPERATION))('%s answers 401 SVCSTG.SWR.4010000 and changes nothing', async (_name, operation) => {
    expectError(await send(operation, undefined), 401, 'SVCSTG.SWR.4010000');
    expectError(await send(operation, 'not-a-token'), 401, 'SVCSTG.SWR.4010000');
    expect(await currentShares()).toEqual(sharesBefore);
  });

  it.each(byName(EVERY_OPERATION))('%s answers 401 before it looks at the namespace or the body', async (_name, operation) => {
    const body = operation.body === undefined ? undefined : '{"permit": "READ"';
    expectError(await send(operation, undefined, sharesPath('nginx', 'Demo'), body), 401, 'SVCSTG.SWR.4010000');
  });
});

describe('validation comes before authorization', () => {
  it.each([
    ['create', CREATE, shareBody({ permit: 'READ' })],
    ['update', UPDATE, { permit: 'READ', deadline: 'forever' }],
  ] as const)('%s: a read-only caller with an invalid body gets 400, not 403', async (_name, operation, body) => {
    const answer = await send(operation, await tokenFor({ demo: 'read' }), SHARES, body);
    expectError(answer, 400, 'SVCSTG.SWR.4001091');
  });
});
