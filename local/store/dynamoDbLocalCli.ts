/**
 * `npm run dynamodb-local`: AWS's DynamoDB emulator on 127.0.0.1:$DYNAMODB_LOCAL_PORT
 * (default 8000; not PORT, which is the API's, often exported for `npm start`), in
 * memory, with the shares table created; for `sam local invoke`, `npm run invoke` or
 * `npm start` with DYNAMODB_ENDPOINT. Needs Java 17 or newer. Ctrl-C stops it.
 */
import { runCommandLine } from '../cli/command.js';
import { javaAvailable, startDynamoDbLocal } from './dynamoDbLocal.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from './createSharesTable.js';
import { assertPortFree } from '../cli/portFree.js';
import { portFromEnv } from '../cli/settings.js';

/** The variable that sets its port, and its default. */
const PORT_VARIABLE = 'DYNAMODB_LOCAL_PORT';
const DEFAULT_PORT = 8000;

const usage = `usage: [${PORT_VARIABLE}=${DEFAULT_PORT}] npm run dynamodb-local
Runs DynamoDB Local (AWS's emulator; needs Java 17 or newer) on 127.0.0.1:$${PORT_VARIABLE}, in memory,
with the shares table, for \`npm start\` with DYNAMODB_ENDPOINT, \`npm run invoke\` or
\`sam local invoke\`. Ctrl-C stops it.`;

await runCommandLine('dynamodb-local', { usage }, async () => {
  const port = portFromEnv(process.env, DEFAULT_PORT, PORT_VARIABLE);
  await assertPortFree('127.0.0.1', port, PORT_VARIABLE);
  if (!javaAvailable()) {
    throw new Error('DynamoDB Local needs Java (17 or newer) on PATH, e.g. apt-get install openjdk-17-jre-headless');
  }
  // 0: a free port, as for the other commands.
  const dynamo = await startDynamoDbLocal(port === 0 ? {} : { port });
  const client = localDynamoClient(dynamo.endpoint);
  await ensureSharesTable(client, LOCAL_TABLE_NAME);
  client.destroy();

  async function stop() {
    await dynamo.close();
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`DynamoDB Local on ${dynamo.endpoint} (in memory), table "${LOCAL_TABLE_NAME}" ready. Ctrl-C stops it.`);
});
