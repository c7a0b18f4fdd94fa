import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Config, configFromEnv } from '../../lambda/runtime/config.js';
import { ENV } from '../../lambda/environment.js';
import { type DevKeys, generateDevKeys } from '../../local/iam/devKeys.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../../local/store/embeddedDynamo.js';
import { ensureSharesTable, LOCAL_TABLE_NAME, localDynamoClient } from '../../local/store/createSharesTable.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../local/iam/tokens.js';

export interface FunctionEnvironment {
  /** The embedded store, unless another DynamoDB was named. */
  store?: EmbeddedDynamo;
  client: DynamoDBClient;
  /** The keys that sign the API tokens the function trusts. */
  keys: DevKeys;
  /** Exactly what a function reads from its environment (inline JWKS). */
  config: Config;
  close(): Promise<void>;
}

/**
 * A store with the shares table (the embedded one, or the DynamoDB at `dynamodbEndpoint`),
 * and a function's configuration pointing at it.
 */
export async function startFunctionEnvironment(dynamodbEndpoint?: string): Promise<FunctionEnvironment> {
  const store = dynamodbEndpoint ? undefined : await startEmbeddedDynamo();
  const endpoint = dynamodbEndpoint ?? store!.endpoint;
  const client = localDynamoClient(endpoint);
  await ensureSharesTable(client, LOCAL_TABLE_NAME);
  const keys = await generateDevKeys();
  const config = configFromEnv({
    [ENV.tableName]: LOCAL_TABLE_NAME,
    [ENV.tokenIssuer]: DEV_ISSUER,
    [ENV.tokenAudience]: DEV_AUDIENCE,
    [ENV.tokenJwks]: JSON.stringify(keys.publicJwks),
    [ENV.dynamodbEndpoint]: endpoint,
  });
  return {
    store,
    client,
    keys,
    config,
    async close() {
      client.destroy();
      await store?.close();
    },
  };
}
