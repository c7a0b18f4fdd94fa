import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One request to DynamoDB as it went on the wire: its IAM action and the index it queried. */
export interface TableRequest {
  /** e.g. `dynamodb:PutItem`, from the request's `X-Amz-Target`. */
  action: string;
  indexName: string | undefined;
}

/** The part of the SDK's HTTP request read here. */
interface WireRequest {
  headers: Record<string, string>;
  body?: unknown;
}

export interface TableRequestRecorder {
  /** Every request since the last `clear()`, oldest first. */
  readonly requests: TableRequest[];
  clear(): void;
}

/**
 * Records every request the client sends (its document clients share its middleware stack),
 * read from the signed HTTP request itself, so that what is recorded is what IAM would see.
 */
export function recordTableRequests(client: DynamoDBClient): TableRequestRecorder {
  const requests: TableRequest[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as WireRequest;
      const target = String(request.headers['x-amz-target'] ?? '');
      const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
      const body = JSON.parse(text || '{}') as { IndexName?: string };
      requests.push({ action: `dynamodb:${target.split('.').pop()}`, indexName: body.IndexName });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordTableRequests' },
  );
  return {
    requests,
    clear: () => {
      requests.length = 0;
    },
  };
}
