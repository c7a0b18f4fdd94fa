import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CATALOG, type Operation, OPERATIONS, type OperationExample, type OperationSpec } from '../../lambda/operations/catalog.js';
import { toApiGatewayEvent } from '../server/apiGatewayEvent.js';

/** The account the examples' token stands for ("owner", manage on namespace "demo"). */
export const EXAMPLE_ACCOUNT = 'owner';

/** What stands for credentials that do not verify. */
const WRONG_PASSWORD = 'not-a-token';

/** An example, named, with the status it gets. */
export interface ExampleEvent {
  operation: Operation;
  name: string;
  status: number;
  event: APIGatewayProxyEvent;
}

/** The credentials of an example, where the operation's kind of credentials puts them. */
function credentialsOf(spec: OperationSpec, example: OperationExample, token: string) {
  const caller = example.caller ?? 'owner';
  if (caller === 'none') return { headers: {}, fields: {} };
  const password = caller === 'owner' ? token : WRONG_PASSWORD;
  switch (spec.credentials) {
    case 'api':
      return { headers: { 'X-Auth-Token': password }, fields: {} };
    case 'registry login':
      return { headers: { Authorization: `Basic ${Buffer.from(`${EXAMPLE_ACCOUNT}:${password}`).toString('base64')}` }, fields: {} };
    case 'registry form':
      return { headers: {}, fields: { username: EXAMPLE_ACCOUNT, password } };
  }
}

/** The request body and its media type, as the spec says the operation takes them. */
function bodyOf(spec: OperationSpec, fields: Record<string, unknown> | undefined) {
  if (spec.body === undefined || fields === undefined) return { body: null, headers: {} };
  if (spec.body === 'json') return { body: JSON.stringify(fields), headers: { 'Content-Type': 'application/json' } };
  const form = new URLSearchParams(Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)]));
  return { body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}

/**
 * The API Gateway event of one example of an operation's spec, as a client would send it
 * through the deployed API: the spec's first path filled with the example's parameters,
 * its query, its body, and `token` (an API token for account "owner") where the operation
 * reads credentials.
 */
export function exampleEvent(operation: Operation, name: string, token: string): APIGatewayProxyEvent {
  const spec: OperationSpec = CATALOG[operation];
  const example = spec.examples[name];
  if (!example) throw new Error(`${operation} has no example "${name}": ${Object.keys(spec.examples).join(', ')}`);
  const resource = spec.paths[0]!;
  const pathParameters = { ...example.path };
  const path = resource.replace(/\{(\w+)\}/g, (_, parameter: string) => encodeURIComponent(pathParameters[parameter] ?? ''));
  const credentials = credentialsOf(spec, example, token);
  const body = bodyOf(spec, example.body && { ...example.body, ...credentials.fields });
  return toApiGatewayEvent(
    {
      method: spec.method,
      path,
      query: new URLSearchParams(example.query),
      headers: {
        Host: 'h7x2k9q4rb.execute-api.eu-west-1.amazonaws.com',
        'User-Agent': 'example/1.0',
        ...body.headers,
        ...credentials.headers,
      },
      body: body.body,
      sourceIp: '203.0.113.10',
    },
    resource,
    pathParameters,
  );
}

/** Every example of every operation, in catalog order: the order their statuses assume. */
export function allExampleEvents(token: string): ExampleEvent[] {
  return OPERATIONS.flatMap((operation) => {
    const spec: OperationSpec = CATALOG[operation];
    return Object.entries(spec.examples).map(([name, example]) => ({
      operation,
      name,
      status: example.status,
      event: exampleEvent(operation, name, token),
    }));
  });
}
