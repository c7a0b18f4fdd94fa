import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCodes } from '../../../../lambda/errors.js';
import { isJsonContentType, MAX_BODY_BYTES, requireJsonBody } from '../../../../lambda/http/middleware/requireBody.js';
import { middyRequest } from '../../../support/middyRequest.js';

/** What the middleware threw for a body and a Content-Type, or undefined when it let it through. */
async function refusal(body: string | null, contentType?: string, isBase64Encoded = false) {
  const headers = contentType === undefined ? {} : { 'content-type': contentType };
  try {
    await requireJsonBody().before!(middyRequest({ body, headers, isBase64Encoded }));
    return undefined;
  } catch (error) {
    const { statusCode, errorCode } = error as { statusCode: number; errorCode: string };
    return { statusCode, errorCode };
  }
}

describe('requireJsonBody', () => {
  it('lets a JSON body of at most 8 KiB through', async () => {
    expect(await refusal('{}', 'application/json')).toBeUndefined();
    expect(await refusal(`"${'x'.repeat(MAX_BODY_BYTES - 2)}"`, 'application/json; charset=UTF-8')).toBeUndefined();
  });

  it('refuses a larger body (413) before looking at its type, counting bytes, not characters', async () => {
    expect(await refusal('x'.repeat(MAX_BODY_BYTES + 1), 'text/plain')).toEqual({ statusCode: 413, errorCode: ErrorCodes.tooLong });
    expect(await refusal('é'.repeat(MAX_BODY_BYTES / 2 + 1), 'application/json')).toMatchObject({ statusCode: 413 });
    const base64 = Buffer.alloc(MAX_BODY_BYTES + 1).toString('base64');
    expect(await refusal(base64, 'application/json', true)).toMatchObject({ statusCode: 413 });
  });

  it('refuses another media type (415) and a missing body (400)', async () => {
    expect(await refusal('{}', 'text/plain')).toEqual({ statusCode: 415, errorCode: ErrorCodes.unsupportedMediaType });
    expect(await refusal('{}')).toMatchObject({ statusCode: 415 });
    expect(await refusal(null, 'application/json')).toEqual({ statusCode: 400, errorCode: ErrorCodes.invalidParameter });
  });

  it('refuses every body over the limit with 413, whatever its type (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 * MAX_BODY_BYTES }), fc.option(fc.string()), async (extra, type) => {
        const body = 'a'.repeat(MAX_BODY_BYTES + extra);
        expect((await refusal(body, type ?? undefined))?.statusCode).toBe(413);
      }),
      { numRuns: 50 },
    );
  });
});

describe('isJsonContentType', () => {
  it('accepts application/json in any case, with an optional UTF-8 charset', () => {
    for (const header of ['application/json', 'Application/JSON', 'application/json;charset=utf-8', 'application/json; charset="UTF-8"']) {
      expect(isJsonContentType(header)).toBe(true);
    }
  });

  it('refuses other types, other charsets and other parameters', () => {
    for (const header of [undefined, '', 'text/json', 'application/jsonx', 'application/json; charset=latin1', 'application/json; v=1']) {
      expect(isJsonContentType(header)).toBe(false);
    }
  });

  it('refuses any header whose media type is not application/json (property)', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        fc.pre(header.split(';')[0]!.trim().toLowerCase() !== 'application/json');
        expect(isJsonContentType(header)).toBe(false);
      }),
    );
  });
});
