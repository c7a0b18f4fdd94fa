import type { RequestLogger } from '../RequestLogger.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { RequestLine } from '../metrics/RequestTelemetry.js';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import validator, { type Options as ValidatorOptions } from '@middy/validator';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ValidateFunction } from 'ajv';
import { PERMISSION_LEVELS, type PermissionLevel } from '../domain/permissions.js';
import type { Operation } from '../api/operationNames.js';
import type { OperationSpec, RequiredPermission } from '../api/OperationSpec.js';
import { requirePermission } from './middleware/requirePermission.js';
import type { TokenVerifier } from '../auth/tokenVerifier.js';
import type { AccessKeyResolver } from '../auth/accessKeyResolver.js';
import { createCallerAuthenticator } from '../auth/callerAuthenticator.js';
import { type AuthenticatedContext, authenticate } from './middleware/authenticate.js';
import { registryCredentials } from './middleware/registryCredentials.js';
import { decodePathParameters } from './middleware/decodePathParameters.js';
import { httpApi } from './middleware/httpApi.js';
import { FORM_MEDIA_TYPE, JSON_MEDIA_TYPE, requireBody } from './middleware/requireBody.js';

/** What every operation's middleware uses. */
export interface MiddlewareDeps {
  verifyToken: TokenVerifier;
  /** Access keys, for AK/SK-signed requests and registry login keys. */
  resolveAccessKey: AccessKeyResolver;
  logger: RequestLogger;
  metrics: ServiceMetrics;
  /** Where the deployed functions hold what a request measured and audited for its one log line. */
  requestLine?: RequestLine | undefined;
  now: () => Date;
}

/** The parts of an API Gateway event an operation's request schema speaks of. */
type RequestParts = 'pathParameters' | 'queryStringParameters' | 'multiValueQueryStringParameters' | 'body';

/**
 * The event an operation's logic is handed: `Request`, what its request schema admits (path,
 * query, body, parsed and validated; each spec exports it, derived from the schema), beside
 * the rest of the event.
 */
export type ValidEvent<Request> = Omit<APIGatewayProxyEvent, RequestParts> & Request;

/** What is not a namespace level needs no check of the namespace: `own view`, `anyone`. */
const isLevel = (permission: RequiredPermission): permission is PermissionLevel =>
  (PERMISSION_LEVELS as readonly string[]).includes(permission);

/** What an operation's route is set up from: its name, its spec and its request validator. */
export interface OperationRoute {
  operation: Operation;
  spec: OperationSpec;
  /** Compiled from the spec's request schema at build time (schemas/generated/validators.js). */
  validateEvent: ValidateFunction;
}

/**
 * Wraps an operation's logic in the middleware every route shares, set up from the
 * operation's route (`operationRoute`: its spec, lambda/operations/<operation>/spec.ts, and its validator), in
 * the order of the contract: authenticate (401), then validate (413, 415, 400: the schema,
 * then `validateRequest`, the operation's own checks of what a schema cannot say), then
 * authorize (403, by the spec's permission), then the logic, which acts.
 */
export function apiHandler<Request, Ctx = AuthenticatedContext>(
  route: OperationRoute,
  deps: MiddlewareDeps,
  logic: (event: ValidEvent<Request>, context: Ctx) => Promise<APIGatewayProxyResult>,
  validateRequest?: (event: ValidEvent<Request>, context: Ctx) => void,
) {
  const { operation, spec: entry, validateEvent } = route;
  const { internalErrorCode, body, credentials } = entry;
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(
      httpApi({
        operation,
        internalErrorCode,
        logger: deps.logger,
        metrics: deps.metrics,
        requestLine: deps.requestLine,
        errorFormat: entry.errorFormat,
        noStore: entry.noStore,
      }),
    )
    .use(httpHeaderNormalizer());
  // A form carries its credentials in its fields: the operation reads them once they are valid.
  if (credentials === 'registry login') chain.use(registryCredentials(deps));
  if (credentials === 'api') chain.use(authenticate(createCallerAuthenticator(deps)));
  // requireBody checks the media type, more strictly than middy's parsers.
  if (body === 'json') chain.use(requireBody(JSON_MEDIA_TYPE)).use(httpJsonBodyParser({ disableContentTypeCheck: true }));
  if (body === 'form') chain.use(requireBody(FORM_MEDIA_TYPE)).use(httpUrlencodeBodyParser({ disableContentTypeCheck: true }));
  // middy's types say `Ajv`, but the validator takes (and calls) a compiled function.
  const eventSchema = validateEvent as unknown as ValidatorOptions['eventSchema'];
  chain.use(decodePathParameters()).use(validator({ eventSchema }));
  if (validateRequest) {
    chain.use({ before: (request) => validateRequest(request.event as unknown as ValidEvent<Request>, request.context as Ctx) });
  }
  if (isLevel(entry.permission)) chain.use(requirePermission(entry.permission));
  const handler = chain.handler((event, context) => logic(event as unknown as ValidEvent<Request>, context as Ctx));
  const { requestLine } = deps;
  if (!requestLine) return handler;
  // Each invocation in a record of its own, which its log line takes (httpApi).
  return (event: APIGatewayProxyEvent, context: Context) => requestLine.run(() => handler(event, context));
}
