import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileErrors, validate } from '@readme/openapi-parser';
import { ErrorCodes } from '../../lambda/errors.js';
import { CATALOG, OPERATIONS, type OperationSpec, ROUTES } from '../../lambda/operations/catalog.js';
import { errorCodesByStatus } from '../../scripts/errorAnswers.js';
import { readOpenApiDocument } from '../../scripts/openApiDocumentFile.js';
import { checkDocumentedAnswer } from '../support/documentedAnswers.js';
import { startTestService, type TestService } from '../support/localService.js';

type Responses = Record<string, { content?: Record<string, { schema: unknown }> }>;
type PathItem = Record<string, { operationId: string; responses: Responses }>;
const document = JSON.parse(readOpenApiDocument()) as { openapi: string; paths: Record<string, PathItem> };

const SHARES_ROUTE = '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains';
const error = (code: string) => ({ errorCode: code, errorMessage: 'm', error_code: code, error_msg: 'm' });

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // validate() dereferences its argument in place: it gets a copy of its own.
    const result = await validate(JSON.parse(readOpenApiDocument()) as Parameters<typeof validate>[0]);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI', warnings: [] });
    expect(document.openapi).toBe('3.1.0');
  });

  it('would be refused by that validation with an error in it: a $ref to nothing, a response without its description', async () => {
    /** The parser's verdict on a copy of the document the build wrote, changed by `edit`. */
    const validateEdited = async (edit: (copy: { paths: Record<string, PathItem> }) => void) => {
      const copy = JSON.parse(readOpenApiDocument());
      edit(copy);
      const result = await validate(copy as Parameters<typeof validate>[0]);
      return result.valid ? 'valid' : compileErrors(result);
    };
    const created = (copy: { paths: Record<string, PathItem> }) => copy.paths[SHARES_ROUTE]!.post!.responses['201'] as Record<string, any>;

    expect(await validateEdited(() => undefined)).toBe('valid');
    expect(
      await validateEdited((copy) => {
        created(copy).content['application/json'].schema = { $ref: '#/components/schemas/Nothing' };
      }),
    ).toMatch(/Missing \$ref pointer "#\/components\/schemas\/Nothing"/);
    expect(
      await validateEdited((copy) => {
        delete created(copy).description;
      }),
    ).toMatch(/must have required property 'description'/);
  });

  it('describes exactly the routes of the catalog, aliases included', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map(({ method, path }) => `${method} ${path}`).sort());
  });

  it.each(OPERATIONS)('lists for %s its success and every error status the catalog implies, with their codes', (operation) => {
    const entry: OperationSpec = CATALOG[operation];
    const responses = document.paths[entry.paths[0]!]![entry.method.toLowerCase()]!.responses;
    const expected = [String(entry.success.status), ...Object.keys(errorCodesByStatus(entry))];
    expect(Object.keys(responses).sort()).toEqual(expected.sort());
    const codes500 = errorCodesByStatus(entry)[500];
    expect(codes500).toContain(entry.errorFormat === 'oauth2' ? 'server_error' : entry.internalErrorCode);
  });

  it('describes the OAuth2 form of the token endpoint with a form body and OAuth2 errors', () => {
    const post = document.paths['/registry/token']!.post! as any;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(post.requestBody.content['application/x-www-form-urlencoded'].schema.required).toEqual(['grant_type', 'service']);
    expect(JSON.stringify(post.responses[400])).toContain('#/components/schemas/OAuth2Error');
    expect(post.responses[400].content['application/json'].schema.allOf[1].properties.error.enum).toEqual([
      'invalid_request',
      'invalid_grant',
      'unsupported_grant_type',
    ]);
  });

  it('lists a 503 for the operations that sign with the root key, and only for them', () => {
    for (const operation of OPERATIONS) {
      const entry: OperationSpec = CATALOG[operation];
      expect(Object.hasOwn(errorCodesByStatus(entry), 503)).toBe(entry.signingKey !== undefined);
    }
  });

  it('derives the errors from the entry: a body brings 415, a permission level 403, the entry its own', () => {
    expect(errorCodesByStatus(CATALOG.createShare)).toMatchObject({
      403: [ErrorCodes.forbidden],
      409: [ErrorCodes.shareExists],
      415: [ErrorCodes.unsupportedMediaType],
    });
    expect(errorCodesByStatus(CATALOG.createShare)[400]).toEqual(
      expect.arrayContaining([ErrorCodes.invalidNamespace, ErrorCodes.invalidRepository, ErrorCodes.invalidPermit]),
    );
    expect(errorCodesByStatus(CATALOG.showShare)).not.toHaveProperty('415');
    expect(errorCodesByStatus(CATALOG.listSharedRepositories)).not.toHaveProperty('403');
    expect(errorCodesByStatus(CATALOG.listSharedRepositories)[400]).not.toContain(ErrorCodes.invalidRepository);
  });
});

describe('checking an answer against the document', () => {
  it('accepts a documented answer', () => {
    expect(() => checkDocumentedAnswer({ method: 'POST', route: SHARES_ROUTE, status: 201, body: {} })).not.toThrow();
    expect(() =>
      checkDocumentedAnswer({ method: 'POST', route: SHARES_ROUTE, status: 409, body: error(ErrorCodes.shareExists) }),
    ).not.toThrow();
  });

  it('refuses a status the operation does not answer, a code of another status, and a body of the wrong shape', () => {
    expect(() => checkDocumentedAnswer({ method: 'POST', route: SHARES_ROUTE, status: 200, body: {} })).toThrow(/no such answer/);
    expect(() => checkDocumentedAnswer({ method: 'POST', route: SHARES_ROUTE, status: 409, body: error(ErrorCodes.noSuchShare) })).toThrow(
      /does not match/,
    );
    expect(() => checkDocumentedAnswer({ method: 'GET', route: SHARES_ROUTE, status: 200, body: [{ exist: true }] })).toThrow(
      /does not match/,
    );
    expect(() => checkDocumentedAnswer({ method: 'DELETE', route: `${SHARES_ROUTE}/{access_domain}`, status: 204, body: {} })).toThrow(
      /no body/,
    );
  });
});

describe('GET /openapi.json on the local server', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  it('serves the document the build wrote, as JSON', async () => {
    const answer = await fetch(`${service.url}/openapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual(document);
  });
});
