import type { RequestLogger } from './RequestLogger.js';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import validator, { type Options as ValidatorOptions } from '@middy/validator';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ValidateFunction } from 'ajv';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import { type AuthenticatedContext, authenticate } from './middleware/authenticate.js';
import { decodePathParameters } from './middleware/decodePathParameters.js';
import { httpApi } from './middleware/httpApi.js';
import { requireJsonBody } from './middleware/requireJsonBody.js';

/** What sets one operation's request handling apart from another's. */
export interface OperationSpec {
  /** The operation's name in logs. */
  operation: string;
  /** The SWR code of a 500 from this operation. */
  internalErrorCode: string;
  /** Whether the operation takes a JSON body. */
  jsonBody: boolean;
  /** The compiled schema of the whole event (path parameters and body). */
  validateEvent: ValidateFunction;
}

/** What every operation's middleware uses. */
export interface MiddlewareDeps {
  verifyToken: TokenVerifier;
  logger: RequestLogger;
}

/** An event whose path parameters and body have passed the operation's schema. */
export type ValidEvent<Path, Body = never> = Omit<APIGatewayProxyEvent, 'pathParameters' | 'body'> & {
  pathParameters: Path;
  body: Body;
};

/**
 * Wraps an operation's logic in the middleware every route shares, in the order of the
 * contract: authenticate (401), then validate (413, 415, 400), then the logic, which
 * authorizes (403) and acts.
 */
export function apiHandler<Path, Body = never>(
  spec: OperationSpec,
  deps: MiddlewareDeps,
  logic: (event: ValidEvent<Path, Body>, context: AuthenticatedContext) => Promise<APIGatewayProxyResult>,
) {
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpApi({ ...spec, logger: deps.logger }))
    .use(httpHeaderNormalizer())
    .use(authenticate(deps.verifyToken));
  if (spec.jsonBody) {
    // requireJsonBody has checked the media type, more strictly than middy's own check.
    chain.use(requireJsonBody()).use(httpJsonBodyParser({ disableContentTypeCheck: true }));
  }
  // middy's types say `Ajv`, but the validator takes (and calls) a compiled function.
  const eventSchema = spec.validateEvent as unknown as ValidatorOptions['eventSchema'];
  chain.use(decodePathParameters()).use(validator({ eventSchema }));
  return chain.handler((event, context) =>
    logic(event as unknown as ValidEvent<Path, Body>, context as AuthenticatedContext),
  );
}
