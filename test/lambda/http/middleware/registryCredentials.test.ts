import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Caller } from '../../../../lambda/domain/permissions.js';
import { AuthRefusal } from '../../../../lambda/auth/authRefusal.js';
import { basicCredentials } from '../../../../lambda/auth/registryLogin.js';
import { ErrorCodes } from '../../../../lambda/errors.js';
import { type RegistryContext, registryCredentials } from '../../../../lambda/http/middleware/registryCredentials.js';
import { middyRequest } from '../../../support/middyRequest.js';
import { type MetricsRecorder, recordingMetrics } from '../../../support/emfRecorder.js';

const CALLER: Caller = { domainId: 'partner-id', domainName: 'partner', userId: 'u-2', userName: 'pat', namespaces: {} };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Accepts the password `good` only; `broken` makes it fail as a bug would. */
async function verifyToken(token: string | undefined): Promise<Caller> {
  if (token === 'broken') throw new Error('verifier failed');
  if (token !== 'good') throw new AuthRefusal('malformed token');
  return CALLER;
}

/** Knows no access key: login keys are tested with the handler (test/lambda/operations/accessKeys.test.ts). */
const resolveAccessKey = async () => ({ refused: 'unknown access key' as const });
const silentLogger = { info: () => undefined, error: () => undefined };

async function run(authorization?: string, emf: MetricsRecorder = recordingMetrics()) {
  const request = middyRequest({ headers: authorization === undefined ? {} : { authorization } });
  await registryCredentials({ verifyToken, resolveAccessKey, logger: silentLogger, metrics: emf.metrics }).before!(request);
  return (request.context as RegistryContext).caller;
}

const reasons = (emf: MetricsRecorder) => emf.named('AuthFailures').map(({ dimensions, value }) => [dimensions.Reason, value]);

describe('registryCredentials', () => {
  it('takes no credentials as an anonymous caller', async () => {
    expect(await run()).toBeUndefined();
  });

  it('takes the password of HTTP Basic as the API token, whatever the user name', async () => {
    expect(await run(basic('anyone', 'good'))).toEqual(CALLER);
  });

  it('answers a malformed header or a token that does not verify with 401 and a Basic challenge, counting each refusal by its reason', async () => {
    for (const [authorization, reason] of [
      ['Bearer good', 'malformed Basic credentials'],
      ['Basic !!!', 'malformed Basic credentials'],
      [basic('user', 'bad'), 'malformed token'],
    ]) {
      const emf = recordingMetrics();
      await expect(run(authorization, emf)).rejects.toMatchObject({
        statusCode: 401,
        errorCode: ErrorCodes.unauthenticated,
        headers: { 'WWW-Authenticate': 'Basic realm="registry token service"' },
      });
      expect(reasons(emf)).toEqual([[reason, 1]]);
    }
  });

  it('answers an unknown login key (user <region>@<AK>) with 401', async () => {
    const emf = recordingMetrics();
    await expect(run(basic('cn-north-4@ABCDEFGHIJ0123456789', 'x'), emf)).rejects.toMatchObject({ statusCode: 401 });
    expect(reasons(emf)).toEqual([['unknown access key', 1]]);
  });

  it('counts nothing for an anonymous caller or one let in', async () => {
    const emf = recordingMetrics();
    await run(undefined, emf);
    await run(basic('anyone', 'good'), emf);
    expect(emf.lines).toEqual([]);
  });

  it('lets a failure of the verifier itself through as it is (it becomes a 500)', async () => {
    await expect(run(basic('user', 'broken'))).rejects.toThrow('verifier failed');
  });
});

describe('basicCredentials', () => {
  it('reads back any user name without a colon and any password (property)', () => {
    const user = fc.string().filter((name) => !name.includes(':'));
    fc.assert(
      fc.property(user, fc.string(), (name, password) => {
        fc.pre(Buffer.from(`${name}:${password}`).toString('utf8') === `${name}:${password}`);
        expect(basicCredentials(basic(name, password))).toEqual({ user: name, password });
      }),
    );
  });

  it('refuses credentials without a colon and headers of another scheme', () => {
    expect(basicCredentials(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBeNull();
    expect(basicCredentials('Digest abc')).toBeNull();
  });
});
