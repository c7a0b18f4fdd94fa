import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientRequestException } from '@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException.js';
import {
  CreateRepoDomainsRequest,
  CreateRepoDomainsRequestBody,
  DeleteRepoDomainsRequest,
  ListRepoDomainsRequest,
  ListSharedReposDetailsRequest,
  ShowAccessDomainRequest,
  type SwrClient,
  UpdateRepoDomainsRequest,
  UpdateRepoDomainsRequestBody,
} from '@huaweicloud/huaweicloud-sdk-swr';
import { DEFAULT_REGISTRY_SERVICE } from '../../lambda/registry/defaults.js';
import { startTestService, type TestService } from '../support/localService.js';
import { basicAuthorization } from '../support/signedCall.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recordingProxy.js';
import { createSwrClient } from '../support/swrSdkClient.js';

const NAMESPACE = 'demo';
/** `group/app` as it travels in a URL: the SDK does not turn `/` into `$` by itself. */
const REPOSITORY_IN_URL = 'group$app';
const REPOSITORY = 'group/app';
const DEADLINE = '2099-12-31';

let service: TestService;
/** Between the SDK and the server, to see the `X-Request-Id` the server sent. */
let proxy: RecordingProxy;
let owner: SwrClient;

beforeAll(async () => {
  service = await startTestService();
  proxy = await startRecordingProxy(service.url);
  owner = createSwrClient(proxy.url, await service.sign({ domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } }));
});
afterAll(async () => {
  await proxy?.close();
  await service?.close();
});

function createRequest(accessDomain: string, client = owner) {
  const body = new CreateRepoDomainsRequestBody(accessDomain, 'read', DEADLINE).withDescription(`for ${accessDomain}`);
  return client.createRepoDomains(new CreateRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL).withBody(body));
}

function show(accessDomain: string) {
  return owner.showAccessDomain(
    new ShowAccessDomainRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL).withAccessDomain(accessDomain),
  );
}

/** The exception a call rejects with; fails the test if it resolves. */
async function rejection(call: Promise<unknown>): Promise<ClientRequestException> {
  const outcome = await call.then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected the call to fail, it answered ${JSON.stringify(outcome.response)}`);
  expect(outcome.error).toBeInstanceOf(ClientRequestException);
  return outcome.error as ClientRequestException;
}

describe('the official SWR Node SDK against the local server', () => {
  it('createRepoDomains resolves with status 201 and an empty answer', async () => {
    const response = await createRequest('partner-create');
    expect(response).toEqual({ httpStatusCode: 201 });
  });

  it('listRepoDomains resolves with an array of the shares, with the real repository name', async () => {
    await createRequest('partner-list');
    const list = await owner.listRepoDomains(new ListRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL));
    // The SDK answers with the array itself (carrying `httpStatusCode`), not in `.body`.
    expect(Array.isArray(list)).toBe(true);
    expect(list.httpStatusCode).toBe(200);
    const shares = list as unknown as Record<string, unknown>[];
    expect(shares.find((share) => share.access_domain === 'partner-list')).toEqual({
      namespace: NAMESPACE,
      repository: REPOSITORY,
      access_domain: 'partner-list',
      permit: 'read',
      deadline: DEADLINE,
      description: 'for partner-list',
      creator_id: 'olivia-id',
      creator_name: 'olivia',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      status: true,
      last_used_at: null,
      last_used_by: null,
    });
  });

  it('listRepoDomains and showAccessDomain read last_used_at and last_used_by, once a partner pulled through the share', async () => {
    await createRequest('partner-pulls');
    const password = await service.sign({ domain: 'partner-pulls', user: 'ci' });
    const query = new URLSearchParams({ service: DEFAULT_REGISTRY_SERVICE, scope: `repository:${NAMESPACE}/${REPOSITORY}:pull` });
    const pulled = await fetch(`${service.url}/registry/token?${query}`, {
      headers: { Authorization: basicAuthorization('ci', password) },
    });
    expect(pulled.status).toBe(200);

    const lastUse = { last_used_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), last_used_by: 'partner-pulls/ci' };
    expect(await show('partner-pulls')).toMatchObject({ httpStatusCode: 200, exist: true, ...lastUse });
    const list = (await owner.listRepoDomains(
      new ListRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL),
    )) as unknown as Record<string, unknown>[];
    expect(list.find((share) => share.access_domain === 'partner-pulls')).toMatchObject(lastUse);
    expect(list.filter((share) => share.access_domain !== 'partner-pulls')).toEqual(
      list.filter((share) => share.access_domain !== 'partner-pulls').map(() => expect.objectContaining({ last_used_at: null })),
    );
  });

  it('showAccessDomain answers exist: true with the share, and exist: false for a missing one', async () => {
    await createRequest('partner-show');
    const found = await show('partner-show');
    expect(found).toMatchObject({
      httpStatusCode: 200,
      exist: true,
      namespace: NAMESPACE,
      repository: REPOSITORY,
      access_domain: 'partner-show',
      permit: 'read',
      deadline: DEADLINE,
      description: 'for partner-show',
      creator_id: 'olivia-id',
      creator_name: 'olivia',
      status: true,
      last_used_at: null,
      last_used_by: null,
    });
    expect(await show('nobody')).toEqual({ httpStatusCode: 200, exist: false });
  });

  it('updateRepoDomains resolves with status 201, and the share then shows the new terms', async () => {
    await createRequest('partner-update');
    const response = await owner.updateRepoDomains(
      new UpdateRepoDomainsRequest()
        .withNamespace(NAMESPACE)
        .withRepository(REPOSITORY_IN_URL)
        .withAccessDomain('partner-update')
        .withBody(new UpdateRepoDomainsRequestBody('read', 'forever').withDescription('renewed')),
    );
    expect(response).toEqual({ httpStatusCode: 201 });
    expect(await show('partner-update')).toMatchObject({ exist: true, deadline: 'forever', description: 'renewed' });
  });

  it('deleteRepoDomains resolves with status 204, and the share is gone', async () => {
    await createRequest('partner-delete');
    const response = await owner.deleteRepoDomains(
      new DeleteRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL).withAccessDomain('partner-delete'),
    );
    expect(response).toEqual({ httpStatusCode: 204 });
    expect(await show('partner-delete')).toEqual({ httpStatusCode: 200, exist: false });
  });

  it('listSharedReposDetails shows the partner what is shared with it, and the owner what it shared, with the range', async () => {
    await createRequest('partner-shared');
    const partner = createSwrClient(proxy.url, await service.sign({ domain: 'Partner-Shared' }));
    const received = await partner.listSharedReposDetails(new ListSharedReposDetailsRequest().withCenter('thirdparty'));
    // As for listRepoDomains, the SDK answers the array itself, the header as a property of it.
    const answer = received as unknown as Record<string, unknown>[] & { 'Content-Range': string; httpStatusCode: number };
    expect(answer.httpStatusCode).toBe(200);
    expect(answer['Content-Range']).toBe('0-0/1');
    expect([...answer]).toEqual([
      expect.objectContaining({
        namespace: NAMESPACE,
        name: REPOSITORY,
        path: `${NAMESPACE}/${REPOSITORY}`,
        domain_name: 'owner',
        status: true,
      }),
    ]);

    const made = await owner.listSharedReposDetails(
      new ListSharedReposDetailsRequest().withCenter('self').withName('app').withLimit('1').withOffset('0'),
    );
    const mine = made as unknown as Record<string, unknown>[] & { 'Content-Range': string };
    expect(mine.map((repository) => repository.domain_name)).toEqual([expect.any(String)]);
    expect(mine['Content-Range']).toMatch(/^0-0\/\d+$/);
  });

  it('listSharedReposDetails without a valid center rejects with a 400', async () => {
    const error = await rejection(owner.listSharedReposDetails(new ListSharedReposDetailsRequest().withCenter('everyone')));
    expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'SVCSTG.SWR.4000014' });
  });

  it('a second create of the same share rejects with a 409 carrying code, message and the request id', async () => {
    await createRequest('partner-twice');
    const error = await rejection(createRequest('partner-twice'));
    const sent = proxy.exchanges.at(-1)!;
    expect(sent.status).toBe(409);
    expect(error).toMatchObject({
      httpStatusCode: 409,
      errorCode: 'SVCSTG.SWR.4090089',
      errorMsg: 'The repository has been shared with this account',
      requestId: sent.responseHeaders['x-request-id'],
    });
    expect(error.requestId).toBeTruthy();
  });

  it('a bad token rejects with a 401 and SVCSTG.SWR.4010000', async () => {
    const stranger = createSwrClient(proxy.url, 'not-a-token');
    const error = await rejection(createRequest('partner-401', stranger));
    expect(error).toMatchObject({ httpStatusCode: 401, errorCode: 'SVCSTG.SWR.4010000', errorMsg: 'Authentication failed' });
  });

  it('a token without manage on the namespace rejects with a 403 and SVCSTG.SWR.4039002', async () => {
    const reader = createSwrClient(proxy.url, await service.sign({ domain: 'owner', user: 'rita', namespaces: { demo: 'read' } }));
    const error = await rejection(createRequest('partner-403', reader));
    expect(error).toMatchObject({ httpStatusCode: 403, errorCode: 'SVCSTG.SWR.4039002' });
    expect(error.errorMsg).toBeTruthy();
  });

  it('a create past the limit of accounts per repository rejects with a 400 carrying SVCSTG.SWR.4000090', async () => {
    const limited = await startTestService({ maxAccountsPerRepository: 2 });
    try {
      const client = createSwrClient(limited.url, await limited.sign({ domain: 'owner', namespaces: { demo: 'manage' } }));
      await createRequest('first', client);
      await createRequest('second', client);
      const error = await rejection(createRequest('third', client));
      expect(error).toMatchObject({ httpStatusCode: 400, errorCode: 'SVCSTG.SWR.4000090' });
      expect(error.errorMsg).toContain('limit of 2 accounts');
    } finally {
      await limited.close();
    }
  });
});
