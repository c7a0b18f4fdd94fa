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
import { ErrorCodes } from '../../lambda/errors.js';
import type { TokenRequest } from '../../local/iam/tokens.js';
import { startTestService, type TestService } from '../support/localService.js';
import { type AccessKeyPair, createSwrAkSkClient } from '../support/swrSdkClient.js';

const NAMESPACE = 'demo';
const REPOSITORY_IN_URL = 'group$app';
const OLIVIA: TokenRequest = { domain: 'owner', user: 'olivia', namespaces: { demo: 'manage' } };

let service: TestService;
let key: AccessKeyPair;

/** A key made through IAM's credential API with the user's token, as a user would. */
async function createKey(as: TokenRequest): Promise<AccessKeyPair> {
  const answer = await service.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
    token: await service.sign(as),
    body: { credential: { user_id: `${as.user}-id`, description: 'sdk test' } },
  });
  expect(answer.status).toBe(201);
  return { ak: answer.body.credential.access, sk: answer.body.credential.secret };
}

beforeAll(async () => {
  service = await startTestService();
  key = await createKey(OLIVIA);
});
afterAll(() => service?.close());

async function rejection(call: Promise<unknown>): Promise<ClientRequestException> {
  const outcome = await call.then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected the call to fail, it answered ${JSON.stringify(outcome.response)}`);
  expect(outcome.error).toBeInstanceOf(ClientRequestException);
  return outcome.error as ClientRequestException;
}

const create = (client: SwrClient, accessDomain: string) =>
  client.createRepoDomains(
    new CreateRepoDomainsRequest()
      .withNamespace(NAMESPACE)
      .withRepository(REPOSITORY_IN_URL)
      .withBody(new CreateRepoDomainsRequestBody(accessDomain, 'read', 'forever').withDescription('signed – ünïcode')),
  );

describe.each([
  ['withEndpoint', undefined],
  ['withRegion and IAM for the project id', 'local-1'],
])('the official SDK with BasicCredentials (AK/SK), %s', (_how, region) => {
  const partner = region ? 'partner-region' : 'partner-endpoint';
  const client = () => createSwrAkSkClient(service.url, key, { ...(region && { region }) });

  it('runs the five access-domain calls', async () => {
    const swr = client();
    expect(await create(swr, partner)).toEqual({ httpStatusCode: 201 });
    const list = (await swr.listRepoDomains(
      new ListRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL),
    )) as unknown as Record<string, unknown>[];
    expect(list).toContainEqual(
      expect.objectContaining({ access_domain: partner, creator_name: 'olivia', description: 'signed – ünïcode' }),
    );

    const show = () =>
      swr.showAccessDomain(
        new ShowAccessDomainRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL).withAccessDomain(partner),
      );
    expect(await show()).toMatchObject({ exist: true, permit: 'read', deadline: 'forever' });

    const updated = await swr.updateRepoDomains(
      new UpdateRepoDomainsRequest()
        .withNamespace(NAMESPACE)
        .withRepository(REPOSITORY_IN_URL)
        .withAccessDomain(partner)
        .withBody(new UpdateRepoDomainsRequestBody('read', '2099-12-31T00:00:00.000Z').withDescription('changed')),
    );
    expect(updated.httpStatusCode).toBe(201);
    expect(await show()).toMatchObject({ exist: true, deadline: '2099-12-31T00:00:00.000Z', description: 'changed' });

    const deleted = await swr.deleteRepoDomains(
      new DeleteRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL).withAccessDomain(partner),
    );
    expect(deleted.httpStatusCode).toBe(204);
    expect(await show()).toMatchObject({ exist: false });
  });

  it('runs listSharedReposDetails, a call with a query string', async () => {
    const swr = client();
    await create(swr, `${partner}-shared`);
    const shared = (await swr.listSharedReposDetails(
      new ListSharedReposDetailsRequest().withCenter('self').withName('app').withLimit('10').withOffset('0'),
    )) as unknown as Record<string, unknown>[];
    expect(shared.map((repository) => repository.name)).toContain('group/app');
  });

  it('rejects a wrong secret with a ClientRequestException carrying our 401 code', async () => {
    const wrong = createSwrAkSkClient(service.url, { ...key, sk: `${key.sk}x` }, { ...(region && { region: `${region}-wrong` }) });
    const error = await rejection(
      wrong.listRepoDomains(new ListRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL)),
    );
    expect({ status: error.httpStatusCode, code: error.errorCode }).toEqual({ status: 401, code: ErrorCodes.unauthenticated });
  });
});

describe('a disabled key', () => {
  it('is refused: the SDK rejects with our 401 code', async () => {
    const disabled = await createKey(OLIVIA);
    const answer = await service.call('PUT', `/v3.0/OS-CREDENTIAL/credentials/${disabled.ak}`, {
      token: await service.sign(OLIVIA),
      body: { credential: { status: 'inactive' } },
    });
    expect(answer.body.credential.status).toBe('inactive');
    const error = await rejection(
      createSwrAkSkClient(service.url, disabled).listRepoDomains(
        new ListRepoDomainsRequest().withNamespace(NAMESPACE).withRepository(REPOSITORY_IN_URL),
      ),
    );
    expect({ status: error.httpStatusCode, code: error.errorCode }).toEqual({ status: 401, code: ErrorCodes.unauthenticated });
  });
});
