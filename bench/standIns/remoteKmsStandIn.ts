import { fork } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const PROCESS = fileURLToPath(new URL('./kmsStandInProcess.ts', import.meta.url));

export interface KmsStandInReady {
  endpoint: string;
  /** SubjectPublicKeyInfo DER, base64. */
  publicKey: string;
}
export interface KmsStandInQuestion {
  id: number;
  calls: string;
}

export interface RemoteKmsStandIn {
  endpoint: string;
  /** The public half of the stand-in's key, as the stack puts it in the function's environment. */
  publicKey: KeyObject;
  /** How many calls of an action (`Sign`) the stand-in has had so far. */
  calls(action: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The local KMS stand-in with one key `keyArn`, answering every call after `delayMs`, in a
 * process of its own (kmsStandInProcess.ts) as KMS is another machine.
 */
export function startRemoteKmsStandIn(options: { keyArn: string; delayMs: number }): Promise<RemoteKmsStandIn> {
  return new Promise((resolve, reject) => {
    const child = fork(PROCESS, [JSON.stringify(options)], {
      execArgv: ['--import', 'tsx'],
      env: process.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The KMS stand-in exited early (${code})`)));
    let nextId = 0;
    const waiting = new Map<number, (count: number) => void>();
    child.once('message', (message) => {
      const ready = message as KmsStandInReady;
      child.on('message', (answer) => {
        const { id, count } = answer as { id: number; count: number };
        waiting.get(id)?.(count);
        waiting.delete(id);
      });
      resolve({
        endpoint: ready.endpoint,
        publicKey: createPublicKey({ key: Buffer.from(ready.publicKey, 'base64'), format: 'der', type: 'spki' }),
        calls: (action) =>
          new Promise((answered) => {
            const id = nextId++;
            waiting.set(id, answered);
            child.send({ id, calls: action } satisfies KmsStandInQuestion);
          }),
        async stop() {
          child.disconnect();
          await exited;
        },
      });
    });
  });
}
