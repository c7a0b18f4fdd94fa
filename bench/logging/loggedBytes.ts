/**
 * What a request writes to stdout, which CloudWatch Logs ingests and stores on AWS: the bytes
 * per token request (a partner pulling through a share: a grant, so an audit event) and per
 * create (a share change, so an audit event), through the handlers as the functions build
 * them, with one line per request (as deployed) and with the design before (a log line, an
 * EMF document per metric, an audit line per event: bench/logging/separateLines.ts).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { generateKeyPairSync } from 'node:crypto';
import { createShareHandler } from '../../lambda/operations/createShare/handler.js';
import { issueRegistryTokenHandler } from '../../lambda/operations/issueRegistryToken/handler.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';
import { registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { createRuntime, type RuntimeOverrides } from '../../lambda/runtime/createRuntime.js';
import { toApiGatewayEvent } from '../../local/server/apiGatewayEvent.js';
import { inMemoryRootKey } from '../../local/registry/registryKeys.js';
import { lambdaContext } from '../../local/server/server.js';
import { signToken } from '../../local/iam/tokens.js';
import { startFunctionEnvironment } from '../standIns/functionEnvironment.js';
import { separateLines } from './separateLines.js';
import { summarize } from '../harness/stats.js';
import { fixed, type Section } from '../harness/table.js';

/** The project's issue: a token request logs at most half the bytes it logged before. */
export const TOKEN_BYTES_TARGET = 0.5;

export interface LoggedBytesOptions {
  /** Requests per operation and design. */
  requests: number;
}

type Handler = (event: APIGatewayProxyEvent, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyResult>;

/** The bytes `call` writes to stdout, which is kept from the terminal meanwhile. */
async function bytesWritten(call: () => Promise<APIGatewayProxyResult>, expected: number): Promise<number> {
  let bytes = 0;
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof process.stdout.write;
  try {
    const answer = await call();
    if (answer.statusCode !== expected) throw new Error(`${answer.statusCode} ${answer.body}`);
  } finally {
    process.stdout.write = write;
  }
  return bytes;
}

export async function measureLoggedBytes(options: LoggedBytesOptions): Promise<Section> {
  const environment = await startFunctionEnvironment();
  try {
    const { client, keys, config } = environment;
    const signingKeys = new ShortLivedSigningKeys(inMemoryRootKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
    const designs: Record<'before' | 'now', RuntimeOverrides> = { before: { client, ...separateLines() }, now: { client } };
    const handlers = (overrides: RuntimeOverrides) => {
      const runtime = createRuntime(config, overrides);
      return {
        token: issueRegistryTokenHandler({ ...runtime, registry: { ...registryConfigFromEnv({}), signingKeys } }) as Handler,
        create: createShareHandler(runtime) as Handler,
      };
    };
    const ownerToken = await signToken(keys.privateJwk, { domain: 'owner', namespaces: { bench: 'manage' } });
    // Creates of distinct accounts, 100 to a repository: far from the limit of 500 accounts.
    const createEvent = (accessDomain: string, repository = 'app') =>
      toApiGatewayEvent(
        {
          method: 'POST',
          path: `/v2/manage/namespaces/bench/repositories/${repository}/access-domains`,
          query: new URLSearchParams(),
          headers: { 'content-type': 'application/json', host: '127.0.0.1', 'x-auth-token': ownerToken },
          body: JSON.stringify({ access_domain: accessDomain, permit: 'read', deadline: 'forever', description: 'CI pulls' }),
          sourceIp: '127.0.0.1',
        },
        '/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains',
        { namespace: 'bench', repository },
      );
    const password = await signToken(keys.privateJwk, { domain: 'partner', user: 'ci' });
    const tokenEvent = () =>
      toApiGatewayEvent(
        {
          method: 'GET',
          path: '/registry/token',
          query: new URLSearchParams({
            service: registryConfigFromEnv({}).service,
            scope: 'repository:bench/app:pull',
            account: 'partner',
          }),
          headers: { authorization: `Basic ${Buffer.from(`partner:${password}`).toString('base64')}`, host: '127.0.0.1' },
          body: null,
          sourceIp: '127.0.0.1',
        },
        '/registry/token',
        {},
      );
    // A context per invocation, as Lambda gives: the handlers leave the request's facts on it.
    let invocation = 0;
    const context = () => lambdaContext('bench', `bench-${(invocation += 1)}`);
    const built = { before: handlers(designs.before), now: handlers(designs.now) };
    // The share the partner pulls through.
    await bytesWritten(() => built.now.create(createEvent('partner'), context()), 201);
    const samples = { before: { token: [] as number[], create: [] as number[] }, now: { token: [] as number[], create: [] as number[] } };
    for (let i = 0; i < options.requests; i += 1) {
      for (const design of ['before', 'now'] as const) {
        samples[design].token.push(await bytesWritten(() => built[design].token(tokenEvent(), context()), 200));
        samples[design].create.push(
          await bytesWritten(() => built[design].create(createEvent(`${design}${i}`, `app${Math.floor(i / 100)}`), context()), 201),
        );
      }
    }
    const median = (values: number[]) => summarize(values).median;
    const ratio = (operation: 'token' | 'create') => median(samples.now[operation]) / median(samples.before[operation]);
    const row = (label: string, operation: 'token' | 'create') => [
      label,
      String(samples.now[operation].length),
      fixed(median(samples.before[operation]), 0),
      fixed(median(samples.now[operation]), 0),
      fixed(ratio(operation), 2),
    ];
    return {
      title: '8. Bytes logged per request',
      description:
        `${options.requests} requests of each kind per design, interleaved, through the handlers as the functions build them ` +
        "(createRuntime), each request's writes to stdout counted in bytes (what CloudWatch Logs ingests " +
        "and stores on AWS, before Lambda's own START, END and REPORT lines). The token request is a partner pulling through " +
        'a share (a grant, so an audit event); the create makes a share (an audit event). "Before" is the design before one ' +
        'line per request, kept as a bench-only variant (bench/logging/separateLines.ts): its log line, an EMF document per metric ' +
        '(Powertools Metrics) and an audit line per event; "now" is one line per request (lambda/metrics/RequestTelemetry.ts). ' +
        "Without `_X_AMZN_TRACE_ID` (Lambda sets it under active tracing: both designs' log lines then carry an " +
        '`xray_trace_id` of 52 bytes more). Bytes per request: median.',
      columns: ['request', 'requests', 'before', 'now', 'now ÷ before'],
      rows: [row('GET /registry/token, a pull through a share', 'token'), row('POST …/access-domains, a share created', 'create')],
      targets: [
        {
          name: 'bytes logged per token request, now vs before',
          measured: Number(ratio('token').toFixed(2)),
          limit: TOKEN_BYTES_TARGET,
          kind: 'atMost',
          unit: '×',
        },
      ],
    };
  } finally {
    await environment.close();
  }
}
