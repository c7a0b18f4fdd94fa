import { expect } from '@jest/globals';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenRequest } from '../../local/tokens.js';
import { accountKey, repositoryKey } from '../../lambda/store/tableDesign.js';
import { type ApiAnswer, SHARES, type TestApi } from './testApi.js';

/** The body of a valid create request; tests override what they care about. */
export function shareBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { access_domain: 'partner', permit: 'read', deadline: 'forever', ...fields };
}

/** The base path of a repository's shares (`repository` as it travels in the URL). */
export function sharesPath(repository = 'nginx', namespace = 'demo', collection = 'repositories'): string {
  return `/v2/manage/namespaces/${namespace}/${collection}/${repository}/access-domains`;
}

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

/** Checks an error answer: its status and its code, in both spellings (spec §7). */
export function expectError(answer: ApiAnswer, status: number, code: string): void {
  expect({ status: answer.status, errorCode: answer.body?.errorCode, error_code: answer.body?.error_code }).toEqual({
    status,
    errorCode: code,
    error_code: code,
  });
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
