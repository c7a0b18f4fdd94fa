import type { RequestLogger } from '../../RequestLogger.js';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { errorResponse, oauth2ErrorResponse } from '../responses.js';

/** RFC 6749 section 5.1: a token answer is never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;
import { toApiError } from '../toApiError.js';

export interface HttpApiOptions {
  /** The operation's name in logs, e.g. `createShare`. */
  operation: string;
  logger: RequestLogger;
  /** The SWR code of a 500 from this operation. */
  internalErrorCode: string;
  /** Errors in OAuth2's format rather than the API's. */
  errorFormat?: 'oauth2' | undefined;
  /** Every answer says it must not be cached (it holds a credential), errors included. */
  noStore?: boolean | undefined;
}

/** A context on which an operation may leave facts for the request's log line. */
export interface LoggedContext extends Context {
  /** Added to the log line; never a secret. */
  logFields?: Record<string, unknown>;
}

type HttpRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, LoggedContext>;

/**
 * The outermost middleware, registered first so that it sees every answer: it renders
 * errors in the API's format, stamps `X-Request-Id` on every answer, and logs one line per
 * request. It never logs headers or the body, so a token cannot reach the logs.
 */
export function httpApi(options: HttpApiOptions): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const { operation, logger, internalErrorCode } = options;
  const renderError = options.errorFormat === 'oauth2' ? oauth2ErrorResponse : errorResponse;
  const cacheHeaders = options.noStore ? NO_STORE : {};
  const startTimes = new WeakMap<object, number>();

  const httpApiBefore = (request: HttpRequest) => {
    startTimes.set(request, performance.now());
  };

  const finishResponse = (request: HttpRequest, response: APIGatewayProxyResult, errorCode?: string) => {
    const requestId =
      request.event.requestContext?.requestId ?? request.context.awsRequestId ?? randomUUID();
    response.headers = { ...response.headers, ...cacheHeaders, 'X-Request-Id': requestId };
    request.response = response;
    const started = startTimes.get(request);
    logger.info('request', {
      requestId,
      operation,
      namespace: request.event.pathParameters?.namespace,
      repository: request.event.pathParameters?.repository,
      status: response.statusCode,
      ...(errorCode && { errorCode }),
      durationMs: started === undefined ? undefined : Math.round((performance.now() - started) * 100) / 100,
      ...request.context.logFields,
    });
  };

  const httpApiAfter = (request: HttpRequest) => {
    if (request.response) finishResponse(request, request.response);
  };

  const httpApiOnError = (request: HttpRequest) => {
    const apiError = toApiError(request.error, internalErrorCode);
    if (apiError.statusCode >= 500) {
      logger.error('request failed', { operation, error: request.error as Error });
    }
    finishResponse(request, renderError(apiError), apiError.oauth2Error ?? apiError.errorCode);
  };

  return { before: httpApiBefore, after: httpApiAfter, onError: httpApiOnError };
}
