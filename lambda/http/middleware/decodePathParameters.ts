import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { decodeRepositoryName } from '../../domain/names.js';

function percentDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // left as sent: the `%` fails validation with the parameter's own code
  }
}

/**
 * Turns path parameters into the names they stand for before they are validated:
 * percent-decoded, and `$` in a repository name read as `/`.
 */
export function decodePathParameters(): MiddlewareObj<APIGatewayProxyEvent> {
  const decodePathParametersBefore = (request: Request<APIGatewayProxyEvent>) => {
    const params = request.event.pathParameters;
    if (!params) return;
    const decoded: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(params)) {
      decoded[name] = value === undefined ? undefined : percentDecode(value);
    }
    if (decoded.repository !== undefined) decoded.repository = decodeRepositoryName(decoded.repository);
    request.event.pathParameters = decoded;
  };
  return { before: decodePathParametersBefore };
}
