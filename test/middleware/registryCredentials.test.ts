import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Caller } from '../../lambda/domain/permissions.js';
import { ErrorCodes, unauthenticated } from '../../lambda/errors.js';
import { basicPassword, type RegistryContext, registryCredentials } from '../../lambda/http/middleware/registryCredentials.js';
import { middyRequest } from '../support/middyRequest.js';

const CALLER: Caller = { domainId: 'partner-id', domainName: 'partner', userId: 'u-2', userName: 'pat', namespaces: {} };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Accepts the password `good` only; `broken` makes it fail as a bug would. */
async function verifyToken(token: string | undefined): Promise<Caller> {
  if (token === 'broken') throw new Error('verifier failed');
  if (token !== 'good') throw unauthenticated();
  return CALLER;
}

async function run(authorization?: string) {
  const request = middyRequest({ headers: authorization === undefined ? {} : { authorization } });
  await registryCredentials(verifyToken).before!(request);
  return (request.context as RegistryContext).caller;
}

describe('registryCredentials', () => {
  it('takes no credentials as an anonymous caller', async () => {
    expect(await run()).toBeUndefined();
  });

  it('takes the password of HTTP Basic as the API token, whatever the user name', async () => {
    expect(await run(basic('anyone', 'good'))).toEqual(CALLER);
  });

  it('answers a malformed header or a token that does not verify with 401 and a Basic challenge', async () => {
    for (const authorization of ['Bearer good', 'Basic !!!', basic('user', 'bad')]) {
      await expect(run(authorization)).rejects.toMatchObject({
        statusCode: 401,
        errorCode: ErrorCodes.unauthenticated,
        headers: { 'WWW-Authenticate': 'Basic realm="registry token service"' },
      });
    }
  });

  it('lets a failure of the verifier itself through as it is (it becomes a 500)', async () => {
    await expect(run(basic('user', 'broken'))).rejects.toThrow('verifier failed');
  });
});

describe('basicPassword', () => {
  it('reads back any password after any user name without a colon (property)', () => {
    const user = fc.string().filter((name) => !name.includes(':'));
    fc.assert(
      fc.property(user, fc.string(), (name, password) => {
        fc.pre(Buffer.from(`${name}:${password}`).toString('utf8') === `${name}:${password}`);
        expect(basicPassword(basic(name, password))).toBe(password);
      }),
    );
  });

  it('refuses credentials without a colon and headers of another scheme', () => {
    expect(basicPassword(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
    expect(basicPassword('Digest abc')).toBeNull();
  });
});
