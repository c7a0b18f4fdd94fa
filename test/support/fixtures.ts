import { expect } from '@jest/globals';
import type { TokenRequest } from '../../local/iam/tokens.js';
import type { Share, ShareRef } from '../../lambda/domain/share.js';

/**
 * What the tests share: the clock, the callers, the paths and bodies of the share API, and
 * how an error answer is checked. A test states only what differs from these.
 */

/** The test clock's "now": a Monday at noon, UTC. */
export const NOW = new Date('2026-06-15T12:00:00.000Z');

/** Manages the namespace `demo`, which holds the repository `nginx` of most tests. */
export const OWNER: TokenRequest = { domain: 'owner', namespaces: { demo: 'manage' } };
/** The account shares are made for; no level on any namespace. */
export const PARTNER: TokenRequest = { domain: 'partner', user: 'pat' };

/** The base path of a repository's shares (`repository` as it travels in the URL). */
export function sharesPath(repository = 'nginx', namespace = 'demo', collection = 'repositories'): string {
  return `/v2/manage/namespaces/${namespace}/${collection}/${repository}/access-domains`;
}

/** The shares of demo/nginx. */
export const SHARES = sharesPath();

/** A share of `ref` with no deadline, made by `owner` at `at`, as a store is handed it. */
export function foreverShare(ref: ShareRef, at: Date): Share {
  const timestamp = at.toISOString();
  return {
    ...ref,
    ownerDomain: 'owner',
    permit: 'read',
    deadline: 'forever',
    description: '',
    creatorId: 'o',
    creatorName: 'o',
    created: timestamp,
    updated: timestamp,
    activeUntil: undefined,
    removeAt: undefined,
  };
}

/** The body of a valid create request; tests override what they care about. */
export function shareBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { access_domain: 'partner', permit: 'read', deadline: 'forever', ...fields };
}

/** What expectError reads of an answer, in-process or over HTTP. */
interface ErrorAnswer {
  status: number;
  body: any;
  headers: Record<string, string> | Headers;
}

const header = (headers: ErrorAnswer['headers'], name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);

/** Checks an error answer: its status, its code in both spellings, a JSON body and a request id. */
export function expectError(answer: ErrorAnswer, status: number, code: string): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { errorCode: code, errorMessage: expect.any(String), error_code: code, error_msg: answer.body?.errorMessage },
  });
  expect(header(answer.headers, 'Content-Type')).toBe('application/json');
  expect(header(answer.headers, 'X-Request-Id')).toBeTruthy();
}
