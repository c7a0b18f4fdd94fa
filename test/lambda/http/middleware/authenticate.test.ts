import { describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import type { AuthenticatedCaller } from '../../../../lambda/auth/callerAuthenticator.js';
import type { Caller } from '../../../../lambda/domain/permissions.js';
import { unauthenticated } from '../../../../lambda/errors.js';
import { type AuthenticatedContext, authenticate } from '../../../../lambda/http/middleware/authenticate.js';
import { middyRequest } from '../../../support/middyRequest.js';

const CALLER: Caller = { domainId: 'owner-id', domainName: 'owner', userId: 'u-1', userName: 'olivia', namespaces: { demo: 'manage' } };
const AUTHENTICATED: AuthenticatedCaller = { caller: CALLER, credential: { kind: 'access key', accessKeyId: 'AKEXAMPLE0000000000A' } };

describe('authenticate', () => {
  it('puts the caller the credentials name on the context, and which credential it was', async () => {
    const request = middyRequest({ headers: { 'x-auth-token': 'the-token' } });
    await authenticate(async (event) => (event.headers['x-auth-token'] === 'the-token' ? AUTHENTICATED : Promise.reject(unauthenticated())))
      .before!(request);
    expect((request.context as AuthenticatedContext).caller).toEqual(CALLER);
    expect((request.context as AuthenticatedContext).credential).toEqual({ kind: 'access key', accessKeyId: 'AKEXAMPLE0000000000A' });
  });

  it('lets the verifier’s refusal through, so that nothing after it runs (401)', async () => {
    const request = middyRequest({ headers: {} });
    const authenticateCaller = async (event: APIGatewayProxyEvent) => {
      if (event.headers['x-auth-token'] === undefined) throw unauthenticated();
      return AUTHENTICATED;
    };
    await expect(authenticate(authenticateCaller).before!(request)).rejects.toMatchObject({ statusCode: 401 });
    expect((request.context as Partial<AuthenticatedContext>).caller).toBeUndefined();
  });

  it('hands the authenticator the event as it stands, whatever its headers hold (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.string(), { nil: undefined }), async (token) => {
        const seen: APIGatewayProxyEvent[] = [];
        const request = middyRequest({ headers: token === undefined ? {} : { 'x-auth-token': token } });
        await authenticate(async (event) => {
          seen.push(event);
          return AUTHENTICATED;
        }).before!(request);
        expect(seen).toEqual([request.event]);
      }),
    );
  });
});
