import { createServer } from 'node:net';
import { listenError } from './listenError.js';

/**
 * Fails, in one line naming `portVariable`, when `port` on `host` cannot be listened on, for
 * commands that hand the port to another program (DynamoDB Local, a Java process) whose own
 * failure would be a stack trace, or which might even find another server there and take it
 * for its own. This process binds the port for a moment, then gives it back. Port 0 passes.
 */
export async function assertPortFree(host: string, port: number, portVariable: string): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, resolve);
  }).catch((error: unknown) => {
    throw listenError(error, host, port, portVariable);
  });
  await new Promise((resolve) => probe.close(resolve));
}
