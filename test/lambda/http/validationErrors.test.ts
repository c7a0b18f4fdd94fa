import { describe, expect, it } from '@jest/globals';
import type { ValidateFunction } from 'ajv';
import { ErrorCodes } from '../../../lambda/errors.js';
import { toValidationError } from '../../../lambda/http/validationErrors.js';
import type { Operation } from '../../../lambda/operations/catalog.js';
import * as eventValidators from '../../../lambda/schemas/generated/validators.js';

/** The API error for an event that the operation's compiled validator refuses. */
function errorFor(operation: Operation, event: object) {
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: every operation's validator is under test.
  const validate: ValidateFunction = eventValidators[operation];
  expect(validate(event)).toBe(false);
  const { statusCode, errorCode, message } = toValidationError(validate.errors?.[0]);
  return { statusCode, errorCode, message };
}

const repository = { namespace: 'demo', repository: 'nginx' };
const share = { ...repository, access_domain: 'partner' };
const body = { access_domain: 'partner', permit: 'read', deadline: 'forever' };

/** What each kind of invalid field answers: [case, operation, event, status, SWR code]. */
const TABLE: Array<[string, Operation, object, number, string]> = [
  ['a bad namespace', 'listShares', { pathParameters: { ...repository, namespace: 'Demo' } }, 400, ErrorCodes.invalidNamespace],
  ['a bad repository', 'listShares', { pathParameters: { ...repository, repository: 'Nginx' } }, 400, ErrorCodes.invalidRepository],
  [
    'a bad access domain in the path',
    'showShare',
    { pathParameters: { ...share, access_domain: '-x' } },
    400,
    ErrorCodes.invalidAccessDomain,
  ],
  [
    'a bad access domain in the body',
    'createShare',
    { pathParameters: repository, body: { ...body, access_domain: '' } },
    400,
    ErrorCodes.invalidAccessDomain,
  ],
  ['a bad permit', 'createShare', { pathParameters: repository, body: { ...body, permit: 'READ' } }, 400, ErrorCodes.invalidPermit],
  ['a bad deadline', 'createShare', { pathParameters: repository, body: { ...body, deadline: 'soon' } }, 400, ErrorCodes.invalidParameter],
  [
    'a missing field',
    'createShare',
    { pathParameters: repository, body: { permit: 'read', deadline: 'forever' } },
    400,
    ErrorCodes.missingParameter,
  ],
  [
    'an unknown field',
    'updateShare',
    { pathParameters: share, body: { permit: 'read', deadline: 'forever', extra: 1 } },
    400,
    ErrorCodes.invalidParameter,
  ],
  ['a body that is not an object', 'createShare', { pathParameters: repository, body: [] }, 400, ErrorCodes.invalidParameter],
  [
    'a description over 1,000 characters',
    'createShare',
    { pathParameters: repository, body: { ...body, description: 'x'.repeat(1001) } },
    413,
    ErrorCodes.tooLong,
  ],
  ['no query string at all', 'listSharedRepositories', { queryStringParameters: null }, 400, ErrorCodes.missingParameter],
  ['a missing query parameter', 'listSharedRepositories', { queryStringParameters: {} }, 400, ErrorCodes.missingParameter],
  [
    'a bad namespace in the query',
    'listSharedRepositories',
    { queryStringParameters: { center: 'self', namespace: 'A' } },
    400,
    ErrorCodes.invalidNamespace,
  ],
];

describe('the SWR code of each invalid request', () => {
  it.each(TABLE)('%s (%s) answers %s', (_case, operation, event, statusCode, errorCode) => {
    expect(errorFor(operation, event)).toMatchObject({ statusCode, errorCode });
  });

  it('names the field in the message, and never echoes the value', () => {
    const { message } = errorFor('createShare', { pathParameters: repository, body: { ...body, permit: 'secret-value' } });
    expect(message).toBe('Invalid permit');
    expect(errorFor('createShare', { pathParameters: repository, body: { permit: 'read', deadline: 'forever' } }).message).toBe(
      'Missing parameter: access_domain',
    );
  });

  it('answers a 400 even without a validator error to go by', () => {
    expect(toValidationError(undefined)).toMatchObject({ statusCode: 400, errorCode: ErrorCodes.invalidParameter });
  });
});
