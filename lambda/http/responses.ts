import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError, OAuth2ErrorCode } from '../errors.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** A JSON answer; POST and PATCH answer `{}`, never an empty body (Go clients decode it). */
export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/**
 * An operation's success answer: the status its spec states, and a body of `Body`, the type
 * its spec derives from its answer schema (`Answer` in each spec).
 */
export function success<Body>(spec: { success: { status: number } }, body: Body): APIGatewayProxyResult {
  return json(spec.success.status, body);
}

export function noContent(): APIGatewayProxyResult {
  return { statusCode: 204, headers: {}, body: '' };
}

/** Both spellings of the error fields: Terraform reads `errorCode`, the Node SDK `error_code`. */
export function errorBody(error: ApiError) {
  return {
    errorCode: error.errorCode,
    errorMessage: error.message,
    error_code: error.errorCode,
    error_msg: error.message,
  };
}

export function errorResponse(error: ApiError): APIGatewayProxyResult {
  const response = json(error.statusCode, errorBody(error));
  response.headers = { ...response.headers, ...error.headers };
  return response;
}

/** RFC 6749's `error` for a refusal that names none: by status. */
function oauth2ErrorCode(error: ApiError): OAuth2ErrorCode {
  if (error.oauth2Error) return error.oauth2Error;
  return error.statusCode >= 500 ? 'server_error' : 'invalid_request';
}

/**
 * An error in OAuth2's format (RFC 6749 section 5.2), as the token endpoint's OAuth2 form
 * answers: `{"error", "error_description"}`, every refusal of the request a 400.
 */
export function oauth2ErrorResponse(error: ApiError): APIGatewayProxyResult {
  const statusCode = error.statusCode >= 500 ? error.statusCode : 400;
  const response = json(statusCode, { error: oauth2ErrorCode(error), error_description: error.message });
  response.headers = { ...response.headers, ...error.headers };
  return response;
}
