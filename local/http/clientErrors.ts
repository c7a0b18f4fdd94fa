import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { headersTooLarge, malformedRequest, noSuchRoute, requestTimedOut } from '../../lambda/errors.js';
import { writeRawErrorAnswer } from './rawAnswer.js';

/** The answer Node's default would give with no body: by the parser's error code. */
function answerFor(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') return headersTooLarge();
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimedOut();
  return malformedRequest();
}

/**
 * Requests that never reach a handler are answered in the API's error format, with an
 * X-Request-Id, and their connection closed:
 * - what Node's HTTP parser refuses (`clientError`): a NUL or non-ASCII byte in the path, an
 *   unknown method, Content-Length together with Transfer-Encoding, a bad chunked body,
 *   headers over the limit (431), headers or body not received in time (408);
 * - CONNECT (`connect`), which Node would otherwise close without a word: no route takes it.
 * A connection that can no longer be written to, or whose answer has begun, is just closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
    if (!socket.writable || response?.headersSent || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    writeRawErrorAnswer(socket, answerFor(error.code));
  });
  server.on('connect', (_request, socket: Duplex) => writeRawErrorAnswer(socket, noSuchRoute()));
}
