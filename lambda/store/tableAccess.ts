import type { Operation } from '../routes.js';

/**
 * The DynamoDB actions each operation's function sends through DynamoShareStore: the
 * CDK stack grants exactly these, on the table alone (no index), so readers cannot write
 * and no writer can do more than its one kind of write. Change it with the store.
 */
export const TABLE_ACCESS = {
  createShare: ['dynamodb:PutItem'],
  listShares: ['dynamodb:Query'],
  showShare: ['dynamodb:GetItem'],
  updateShare: ['dynamodb:UpdateItem'],
  deleteShare: ['dynamodb:DeleteItem'],
} as const satisfies Record<Operation, readonly `dynamodb:${string}`[]>;

