import type { RequestLogger } from '../../RequestLogger.js';
import type { ServiceMetrics } from '../../metrics/ServiceMetrics.js';
import type { RequestLine } from '../../metrics/RequestTelemetry.js';
import type { Operation } from '../../api/operationNames.js';
import { NO_STORE_HEADERS } from '../../api/OperationSpec.js';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { errorResponse, oauth2ErrorResponse } from '../responses.js';
import { toApiError } from '../toApiError.js';

export interface HttpApiOptions {
  /** The operation's name in logs and metrics, e.g. `createShare`. */
  operation: Operation;
  logger: RequestLogger;
  metrics: ServiceMetrics;
  /** What the request measured and audited, which its log line then carries (the deployed functions); without it, they are written where `metrics` and the audit trail write them. */
  requestLine?: RequestLine | undefined;
  /** The SWR code of a 500 from this operation. */
  internalErrorCode: string;
  /** Errors in OAuth2's format rather than the API's. */
  errorFormat?: 'oauth2' | undefined;
  /** Every answer says it must not be cached (it holds a credential), errors included. */
  noStore?: boolean | undefined;
}

/** A context on which an operation may leave facts for the request's log line. */
export interface LoggedContext extends Context {
  /** The request's id, as `X-Request-Id` answers it: for the audit trail. */
  requestId: string;
  /** Added to the log line; never a secret. */
  logFields?: Record<string, unknown>;
}

/** The context as httpApi finds it, before it has set the request id. */
type HttpContext = Omit<LoggedContext, 'requestId'> & { requestId?: string };
type HttpRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, HttpContext>;

/**
 * The outermost middleware, registered first so that it sees every answer: it renders
 * errors in the API's format, stamps `X-Request-Id` on every answer, counts the request
 * (Requests, Latency) and logs one line per request, which carries, with a request line,
 * everything the request measured and audited. It never logs headers or the body, so a
 * token cannot reach the logs; the metrics' dimensions are the operation and the status class.
 */
export function httpApi(options: HttpApiOptions): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const { operation, logger, metrics, internalErrorCode, requestLine } = options;
  const renderError = options.errorFormat === 'oauth2' ? oauth2ErrorResponse : errorResponse;
  const cacheHeaders = options.noStore ? NO_STORE_HEADERS : {};
  const startTimes = new WeakMap<object, number>();

  /** The API Gateway request id, as the caller's answer and the log line show it. */
  const requestIdOf = (request: HttpRequest) =>
    (request.context.requestId ??= request.event.requestContext?.requestId ?? request.context.awsRequestId ?? randomUUID());

  const httpApiBefore = (request: HttpRequest) => {
    startTimes.set(request, performance.now());
    requestIdOf(request);
  };

  const finishResponse = (request: HttpRequest, response: APIGatewayProxyResult, errorCode?: string) => {
    const requestId = requestIdOf(request);
    response.headers = { ...response.headers, ...cacheHeaders, 'X-Request-Id': requestId };
    request.response = response;
    const started = startTimes.get(request);
    const durationMs = started === undefined ? undefined : Math.round((performance.now() - started) * 100) / 100;
    metrics.request(operation, response.statusCode, durationMs ?? 0);
    const fields = {
      requestId,
      operation,
      namespace: request.event.pathParameters?.namespace,
      repository: request.event.pathParameters?.repository,
      status: response.statusCode,
      ...(errorCode && { errorCode }),
      durationMs,
      ...request.context.logFields,
    };
    if (requestLine) requestLine.write('request', fields);
    else logger.info('request', fields);
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
