import { connect, type Socket } from 'node:net';

/** What a server sent back on one connection, up to the moment it closed it. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The raw text, head and body. */
  text: string;
}

export function parseRawAnswer(text: string): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), text };
}

/** A loopback connection to a server's `http://127.0.0.1:<port>` URL. */
export function connectTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends on `socket` until it closes the connection; fails after `timeoutMs`. */
export function readUntilClosed(socket: Socket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection in ${timeoutMs} ms; it sent: ${JSON.stringify(received)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the answer still ends the exchange
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

/** Sends raw bytes on a new connection and answers what comes back before the server closes it. */
export async function rawExchange(url: string, request: string | Buffer, timeoutMs?: number): Promise<RawAnswer> {
  const socket = await connectTo(url);
  const closed = readUntilClosed(socket, timeoutMs);
  socket.write(request);
  return parseRawAnswer(await closed);
}
