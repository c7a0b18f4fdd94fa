/** The floor function's entry, bundled like the real ones (see ../bundling.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../../lambda/environment.js';
import { createFloorHandler } from './floorHandler.js';

const endpoint = process.env[ENV.dynamodbEndpoint] || undefined;
const client = new DynamoDBClient({ ...(endpoint && { endpoint }) });
const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export const handler = createFloorHandler(documentClient, process.env[ENV.tableName] ?? '');
