import type { ErrorObject } from 'ajv';
import { type ApiError, badRequest, ErrorCodes, tooLong } from '../errors.js';

/** The SWR error code of an invalid field, by where ajv found the problem. */
const codeByPath: Record<string, string> = {
  '/pathParameters/namespace': ErrorCodes.invalidNamespace,
  '/queryStringParameters/namespace': ErrorCodes.invalidNamespace,
  '/pathParameters/repository': ErrorCodes.invalidRepository,
  '/pathParameters/access_domain': ErrorCodes.invalidAccessDomain,
  '/body/access_domain': ErrorCodes.invalidAccessDomain,
  '/body/permit': ErrorCodes.invalidPermit,
};

/** Where a long description is found: it answers 413, as SWR does, not 400. */
const DESCRIPTION_PATH = '/body/description';

/** The instance paths of every property a JSON Schema describes, e.g. `/body/permit`. */
function propertyPaths(schema: object, prefix = ''): string[] {
  const properties = (schema as { properties?: Record<string, object> }).properties ?? {};
  return Object.entries(properties).flatMap(([name, property]) => {
    const path = `${prefix}/${name}`;
    return [path, ...propertyPaths(property, path)];
  });
}

/** Every SWR code the validation of a request against `requestSchema` may answer, by status. */
export function validationErrorCodes(requestSchema: object): Record<number, string[]> {
  const paths = propertyPaths(requestSchema);
  const fieldCodes = paths.flatMap((path) => codeByPath[path] ?? []);
  const codes: Record<number, string[]> = {
    400: [...new Set([ErrorCodes.invalidParameter, ErrorCodes.missingParameter, ...fieldCodes])],
  };
  if (paths.includes(DESCRIPTION_PATH)) codes[413] = [ErrorCodes.tooLong];
  return codes;
}

/** Path parameters are named as the API documents them, body fields as they are spelled. */
function fieldName(instancePath: string): string {
  return instancePath.split('/').pop() ?? '';
}

/** Turns the first ajv error of a request schema into the API's error (docs/access-domains.md §3). */
export function toValidationError(error: ErrorObject | undefined): ApiError {
  if (!error) return badRequest(ErrorCodes.invalidParameter, 'Invalid request');
  const { instancePath, keyword, params } = error;
  if (keyword === 'required') {
    return badRequest(ErrorCodes.missingParameter, `Missing parameter: ${params.missingProperty}`);
  }
  if (keyword === 'additionalProperties') {
    return badRequest(ErrorCodes.invalidParameter, `Unknown parameter: ${params.additionalProperty}`);
  }
  if (instancePath === '/queryStringParameters') {
    return badRequest(ErrorCodes.missingParameter, 'Missing query parameters');
  }
  if (instancePath === '/body') {
    return badRequest(ErrorCodes.invalidParameter, 'The request body must be a JSON object');
  }
  if (instancePath === DESCRIPTION_PATH && keyword === 'maxLength') {
    return tooLong('Invalid description: at most 1000 characters');
  }
  const field = fieldName(instancePath);
  return badRequest(codeByPath[instancePath] ?? ErrorCodes.invalidParameter, `Invalid ${field}`);
}
