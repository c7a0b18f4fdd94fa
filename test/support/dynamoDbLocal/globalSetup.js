// Plain JavaScript: jest loads global setup outside its module system (no .ts transform, no
// module mapper), so the TypeScript helper is imported through tsx.
import { tsImport } from 'tsx/esm/api';

/**
 * Starts DynamoDB Local once for the "DynamoDB Local" jest project. Its endpoint travels to
 * the test workers in DYNAMODB_LOCAL_ENDPOINT; useEndpoint.ts hands it to the store tests of
 * that project only (the other project keeps its in-memory dynalite).
 */
export default async function startDynamoDbLocalForTests() {
  const { startDynamoDbLocal } = await tsImport('../../../local/store/dynamoDbLocal.ts', import.meta.url);
  globalThis.dynamoDbLocal = await startDynamoDbLocal();
  process.env.DYNAMODB_LOCAL_ENDPOINT = globalThis.dynamoDbLocal.endpoint;
}
