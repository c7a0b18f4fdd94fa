import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ApiError, ErrorCodes, internalError, noSuchRoute } from '../../lambda/errors.js';
import { errorBody } from '../../lambda/http/responses.js';

/** API Gateway's own description of what went wrong, as a quoted JSON string. */
const GATEWAY_MESSAGE = '$context.error.messageString';

/** The API's error body as an API Gateway template, the message as a template expression. */
function errorTemplate(error: ApiError, messageExpression: string): string {
  const fields = Object.entries(errorBody(error)).map(
    ([name, value]) => `${JSON.stringify(name)}:${value === error.message ? messageExpression : JSON.stringify(value)}`,
  );
  return `{${fields.join(',')}}`;
}

interface ErrorResponse {
  type: ResponseType;
  error: ApiError;
  /** Keep the status API Gateway chose (the error's status is then only its code's). */
  keepStatus?: boolean;
  /** API Gateway's message instead of the error's. */
  gatewayMessage?: boolean;
}

/**
 * The answers API Gateway gives without calling a function, in the API's error format.
 * An unknown path or method is a 404 "no such route", not API Gateway's 403 "Missing
 * Authentication Token"; the rest say what API Gateway says.
 */
const ERROR_RESPONSES: readonly ErrorResponse[] = [
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, error: noSuchRoute() },
  { type: ResponseType.THROTTLED, error: new ApiError(429, ErrorCodes.throttled, 'Too many requests') },
  { type: ResponseType.REQUEST_TOO_LARGE, error: new ApiError(413, ErrorCodes.tooLong, 'The request is too large') },
  {
    type: ResponseType.DEFAULT_4XX,
    error: new ApiError(400, ErrorCodes.invalidParameter, 'Invalid request'),
    keepStatus: true,
    gatewayMessage: true,
  },
  { type: ResponseType.DEFAULT_5XX, error: internalError(ErrorCodes.gatewayFailed), keepStatus: true },
];

export function addErrorResponses(api: RestApi): void {
  for (const { type, error, keepStatus, gatewayMessage } of ERROR_RESPONSES) {
    api.addGatewayResponse(type.responseType, {
      type,
      ...(!keepStatus && { statusCode: String(error.statusCode) }),
      responseHeaders: { 'Content-Type': "'application/json'" },
      templates: { 'application/json': errorTemplate(error, gatewayMessage ? GATEWAY_MESSAGE : JSON.stringify(error.message)) },
    });
  }
}
