import { expect } from '@jest/globals';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenRequest } from '../../local/iam/tokens.js';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';
import type { ApiAnswer, TestApi } from './testApi.js';
import { OWNER, SHARES, shareBody } from './fixtures.js';

export interface ShareClient {
  create(body: Record<string, unknown>): Promise<ApiAnswer>;
  list(): Promise<ApiAnswer>;
  show(accessDomain: string): Promise<ApiAnswer>;
  update(accessDomain: string, body: Record<string, unknown>): Promise<ApiAnswer>;
  remove(accessDomain: string): Promise<ApiAnswer>;
}

/**
 * The five operations on one repository's shares, as one caller. The token is signed at
 * each call, by the test clock, so that a test can move the clock years ahead.
 */
export function shareClient(api: TestApi, caller: TokenRequest, base = SHARES): ShareClient {
  const send = async (method: string, path: string, body?: unknown) =>
    api.call(method, path, { token: await api.tokens.sign(caller), ...(body !== undefined && { body }) });
  return {
    create: (body) => send('POST', base, body),
    list: () => send('GET', base),
    show: (accessDomain) => send('GET', `${base}/${accessDomain}`),
    update: (accessDomain, body) => send('PATCH', `${base}/${accessDomain}`, body),
    remove: (accessDomain) => send('DELETE', `${base}/${accessDomain}`),
  };
}

/** The share's item as the table holds it, read past the store (and its removal-time filter). */
export async function rawShareItem(api: TestApi, namespace: string, repository: string, accessDomain: string) {
  const { Item } = await api.store.documentClient.send(
    new GetCommand({
      TableName: api.store.tableName,
      Key: { pk: repositoryKey(namespace, repository), sk: accountKey(accessDomain) },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Creates a share of `base` (demo/nginx by default) as `by`, and checks that it was made. */
export async function createShare(api: TestApi, fields: Record<string, unknown> = {}, by: TokenRequest = OWNER, base = SHARES) {
  const answer = await shareClient(api, by, base).create(shareBody(fields));
  expect(answer.status).toBe(201);
  return answer;
}
