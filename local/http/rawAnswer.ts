import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiError } from '../../lambda/errors.js';
import { errorResponse } from '../../lambda/http/responses.js';

/**
 * Writes an error answer straight to a connection that has no ServerResponse (a request
 * Node's parser refused, or a CONNECT), in the API's format with an X-Request-Id, then
 * closes it once the answer is out.
 */
export function writeRawErrorAnswer(socket: Duplex, error: ApiError): void {
  const answer = errorResponse(error);
  const body = Buffer.from(answer.body);
  const headers = {
    ...answer.headers,
    'X-Request-Id': randomUUID(),
    'Content-Length': String(body.length),
    Connection: 'close',
  };
  const head = [
    `HTTP/1.1 ${answer.statusCode} ${STATUS_CODES[answer.statusCode] ?? ''}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}
