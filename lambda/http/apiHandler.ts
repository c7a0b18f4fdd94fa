import type { RequestLogger } from '../RequestLogger.js';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import validator, { type Options as ValidatorOptions } from '@middy/validator';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ValidateFunction } from 'ajv';
import { CATALOG, type Operation } from '../operations/catalog.js';
import * as eventValidators from '../schemas/generated/validators.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import type { AccessKeyResolver } from '../auth/accessKeyResolver.js';
import { createCallerAuthenticator } from '../auth/callerAuthenticator.js';
import { type AuthenticatedContext, authenticate } from './middleware/authenticate.js';
import { registryCredentials } from './middleware/registryCredentials.js';
import { decodePathParameters } from './middleware/decodePathParameters.js';
import { httpApi } from './middleware/httpApi.js';
import { requireJsonBody } from './middleware/requireJsonBody.js';

/** What every operation's middleware uses. */
export interface MiddlewareDeps {
  verifyToken: TokenVerifier;
  /** Access keys, for AK/SK-signed requests and registry login keys. */
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  now: () => Date;
}

/** An event whose path parameters and body have passed the operation's schema. */
export type ValidEvent<Path, Body = never> = Omit<APIGatewayProxyEvent, 'pathParameters' | 'body'> & {
  pathParameters: Path;
  body: Body;
};

/**
 * Wraps an operation's logic in the middleware every route shares, set up from the
 * operation's catalog entry (lambda/operations/catalog.ts), in the order of the
 * contract: authenticate (401), then validate (413, 415, 400), then the logic, which
 * authorizes (403) and acts.
 */
export function apiHandler<Path, Body = never, Ctx = AuthenticatedContext>(
  operation: Operation,
  deps: MiddlewareDeps,
  logic: (event: ValidEvent<Path, Body>, context: Ctx) => Promise<APIGatewayProxyResult>,
) {
  const { internalErrorCode, jsonBody, credentials } = CATALOG[operation];
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpApi({ operation, internalErrorCode, logger: deps.logger }))
    .use(httpHeaderNormalizer())
    .use(credentials === 'registry login' ? registryCredentials(deps) : authenticate(createCallerAuthenticator(deps)));
  if (jsonBody) {
    // requireJsonBody has checked the media type, more strictly than middy's own check.
    chain.use(requireJsonBody()).use(httpJsonBodyParser({ disableContentTypeCheck: true }));
  }
  // middy's types say `Ajv`, but the validator takes (and calls) a compiled function.
  const validateEvent: ValidateFunction = eventValidators[operation];
  const eventSchema = validateEvent as unknown as ValidatorOptions['eventSchema'];
  chain.use(decodePathParameters()).use(validator({ eventSchema }));
  return chain.handler((event, context) =>
    logic(event as unknown as ValidEvent<Path, Body>, context as Ctx),
  );
}
