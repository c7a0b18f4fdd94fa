import type { IncomingMessage } from 'node:http';

export type RequestBody =
  /** The body's exact bytes, or null when there are none. */
  | { kind: 'read'; body: Buffer | null }
  /** `drained`: the whole body was read (and discarded), so the connection can answer and go on. */
  | { kind: 'tooLarge'; drained: boolean };

/** The client went away, or its body broke off (a bad chunk); the connection is gone. */
export class RequestAborted extends Error {
  override name = 'RequestAborted';
}

/**
 * Reads a request's body. One over `maxBytes` is not kept, but read on and discarded up to
 * `maxDrainBytes`, so that a client still sending it reads the 413 rather than a broken
 * connection (EPIPE); a Content-Length already over that is not read at all.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number, maxDrainBytes: number): Promise<RequestBody> {
  if (Number(request.headers['content-length'] ?? 0) > maxDrainBytes) return Promise.resolve({ kind: 'tooLarge', drained: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > maxDrainBytes) {
        // Stop reading, without destroying the request: that would close the connection
        // before the 413 is out.
        request.off('data', onData);
        request.pause();
        resolve({ kind: 'tooLarge', drained: false });
      }
    };
    request.on('data', onData);
    request.once('end', () => {
      if (size > maxBytes) resolve({ kind: 'tooLarge', drained: true });
      else resolve({ kind: 'read', body: size === 0 ? null : Buffer.concat(chunks) });
    });
    request.once('error', () => reject(new RequestAborted()));
    request.once('close', () => {
      if (!request.complete) reject(new RequestAborted());
    });
  });
}
