import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodePathParameters } from '../../../../lambda/http/middleware/decodePathParameters.js';
import { middyRequest } from '../../../support/middyRequest.js';

/** The path parameters after the middleware ran on them. */
async function decoded(pathParameters: Record<string, string> | null) {
  const request = middyRequest({ pathParameters });
  await decodePathParameters().before!(request);
  return request.event.pathParameters;
}

describe('decodePathParameters', () => {
  it('percent-decodes every parameter and reads `$` as `/` in the repository alone', async () => {
    expect(await decoded({ namespace: 'demo', repository: 'group$app%2Dx', access_domain: 'a%24b' })).toEqual({
      namespace: 'demo',
      repository: 'group/app-x',
      access_domain: 'a$b',
    });
  });

  it('leaves a parameter with a broken escape as sent, for validation to refuse', async () => {
    expect(await decoded({ access_domain: 'bad%zz' })).toEqual({ access_domain: 'bad%zz' });
  });

  it('leaves an event without path parameters alone', async () => {
    expect(await decoded(null)).toBeNull();
  });

  it('gives back any name that was percent-encoded (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (name) => {
        expect(await decoded({ access_domain: encodeURIComponent(name) })).toEqual({ access_domain: name });
      }),
    );
  });

  it('gives back any repository name with `/` that travelled with `$` (property)', async () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), async (segments) => {
        const travelled = encodeURIComponent(segments.join('$'));
        expect((await decoded({ repository: travelled }))?.repository).toBe(segments.join('/'));
      }),
    );
  });

  it('never throws, whatever the URL carried (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.string()), async (pathParameters) => {
        await expect(decoded(pathParameters)).resolves.toBeDefined();
      }),
    );
  });
});
