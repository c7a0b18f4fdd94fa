import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiError } from '../errors.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** A JSON answer; POST and PATCH answer `{}`, never an empty body (Go clients decode it). */
export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
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
