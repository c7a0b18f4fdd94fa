/**
 * `npm run dynamodb-local`: AWS's DynamoDB emulator on 127.0.0.1:$PORT (default 8000), in
 * memory, with the shares table created; for `sam local invoke`, `npm run invoke` or
 * `npm start` with DYNAMODB_ENDPOINT. Needs Java 17 or newer. Ctrl-C stops it.
 */
import { javaAvailable, startDynamoDbLocal } from './dynamoDbLocal.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from './createSharesTable.js';

if (!javaAvailable()) {
  console.error('DynamoDB Local needs Java (17 or newer) on PATH, e.g. apt-get install openjdk-17-jre-headless');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8000);
const dynamo = await startDynamoDbLocal({ port });
const client = localDynamoClient(dynamo.endpoint);
await ensureSharesTable(client, LOCAL_TABLE_NAME);
client.destroy();
console.log(`DynamoDB Local on ${dynamo.endpoint} (in memory), table "${LOCAL_TABLE_NAME}" ready. Ctrl-C stops it.`);

async function stop() {
  await dynamo.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
