import { RequestTelemetry } from '../../lambda/metrics/RequestTelemetry.js';
import type { Context } from 'aws-lambda';
import { DEFAULT_RETENTION_DAYS } from '../../lambda/domain/deadline.js';
import type { RequestLogger } from '../../lambda/RequestLogger.js';
import { createHandlers } from '../../local/server/allHandlers.js';
import type { RegistryTokenSettings } from '../../lambda/registry/tokenIssuer.js';
import { toApiGatewayEvent } from '../../local/server/apiGatewayEvent.js';
import { matchRoute } from '../../local/server/router.js';
import { checkDocumentedAnswer } from './documentedAnswers.js';
import { testRegistrySettings } from './registrySigner.js';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretSealer } from '../../local/accessKeys/AesGcmSecretSealer.js';
import type { SecretSealer } from '../../lambda/auth/SecretSealer.js';
import { createAccessKeyResolver } from '../../lambda/auth/accessKeyResolver.js';
import { startTestStore, type TestStore } from './store.js';
import type { ClientTimeouts } from '../../lambda/aws/clientTimeouts.js';
import { createTestTokens, type TestTokens } from './tokens.js';
import type { ServiceMetrics } from '../../lambda/metrics/ServiceMetrics.js';
import { countStoreErrors } from '../../lambda/metrics/storeErrorMetrics.js';
import { countSealerErrors } from '../../lambda/metrics/kmsErrorMetrics.js';
import type { AuditTrail } from '../../lambda/audit/AuditTrail.js';
import { type MetricsRecorder, recordingMetrics } from './emfRecorder.js';
import { type AuditRecorder, recordingAuditTrail } from './auditRecorder.js';

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body; `undefined` for an empty one. */
  body: any;
  rawBody: string;
}

export interface CallOptions {
  token?: string;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestApi {
  store: TestStore;
  tokens: TestTokens;
  /** The clock every handler reads; tests move it. */
  clock: { now: Date };
  /** The metrics the handlers' lines carry (unless the test gave its own metrics). */
  emf: MetricsRecorder;
  /** The audit events the handlers' lines carry (unless the test gave its own trail). */
  audit: AuditRecorder;
  /** Every line the handlers wrote: request lines (with their metrics and events), refusals, errors. */
  lines: string[];
  /** `path` may carry a query string. */
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  close(): Promise<void>;
}

const lambdaContext = { awsRequestId: 'test-request', functionName: 'test' } as Context;

/**
 * The handlers, wired as in production but to a test store, a test key pair and a clock
 * of the test's own. Requests go through the route table, as API Gateway would route them,
 * and every answer must be one the OpenAPI document describes.
 */
export async function createTestApi(
  options: {
    now?: Date;
    retentionDays?: number;
    /** The limit on accounts per repository; default SWR's 500. */
    maxAccountsPerRepository?: number;
    /** The store client's timeouts; default the local server's. */
    storeTimeouts?: ClientTimeouts;
    logger?: RequestLogger;
    registry?: RegistryTokenSettings;
    registryAddress?: string;
    /** What seals access key secrets; by default AES-256-GCM under a fresh key, as locally. */
    sealer?: SecretSealer;
    /** By default the production EMF metrics, recorded in `emf`. */
    metrics?: ServiceMetrics;
    /** By default the deployed audit trail, recorded in `audit`. */
    audit?: AuditTrail;
  } = {},
): Promise<TestApi> {
  const clock = { now: options.now ?? new Date() };
  const now = () => clock.now;
  const store = await startTestStore({ maxAccountsPerRepository: options.maxAccountsPerRepository, timeouts: options.storeTimeouts });
  const tokens = await createTestTokens(now);
  // As deployed: each request's one line, which carries its metrics and audit events, is
  // written by RequestTelemetry; other lines (refusals, errors) by the logger, recorded here as
  // the functions' Logger writes them. A test's own logger is told every line's fields.
  const lines: string[] = [];
  const tell = (level: 'info' | 'error', message: string, fields: Record<string, unknown>) =>
    options.logger?.[level](message, fields as never);
  const telemetry = new RequestTelemetry((line) => {
    lines.push(line);
    const { level, message, ...fields } = JSON.parse(line) as Record<string, unknown>;
    if (typeof message === 'string') tell(level === 'ERROR' ? 'error' : 'info', message, fields);
  });
  const emf = recordingMetrics(lines, telemetry);
  const audit = recordingAuditTrail(lines, telemetry);
  const metrics = options.metrics ?? telemetry;
  const logged =
    (level: 'info' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}) => {
      lines.push(JSON.stringify({ level: level.toUpperCase(), message, ...fields }));
      tell(level, message, fields);
    };
  const logger = { info: logged('info'), error: logged('error') } as unknown as RequestLogger;
  // Wired as createRuntime wires them (lambda/runtime/createRuntime.ts).
  countStoreErrors(store.client, metrics);
  const sealer = countSealerErrors(options.sealer ?? new AesGcmSecretSealer(randomBytes(32)), metrics);
  const handlers = createHandlers({
    store: store.store,
    accessKeys: store.accessKeys,
    sealer,
    resolveAccessKey: createAccessKeyResolver({ store: store.accessKeys, sealer, now }),
    verifyToken: tokens.verifyToken,
    logger,
    metrics,
    requestLine: telemetry,
    audit: options.audit ?? telemetry,
    now,
    retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
    registry: options.registry ?? testRegistrySettings(),
    registryAddress: options.registryAddress,
  });

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<ApiAnswer> {
    const [pathOnly, query = ''] = path.split('?') as [string, string?];
    const match = matchRoute(method, pathOnly);
    const handler = match && handlers[match.operation];
    if (!match || !handler) throw new Error(`no route for ${method} ${path}`);
    const { token, body, headers = {} } = callOptions;
    const requestHeaders: Record<string, string> = { ...headers };
    if (token !== undefined) requestHeaders['X-Auth-Token'] = token;
    let rawRequestBody: string | null = null;
    if (body !== undefined) {
      rawRequestBody = typeof body === 'string' ? body : JSON.stringify(body);
      if (!Object.keys(requestHeaders).some((name) => name.toLowerCase() === 'content-type')) {
        requestHeaders['Content-Type'] = 'application/json';
      }
    }
    const event = toApiGatewayEvent(
      { method, path: pathOnly, query: new URLSearchParams(query), headers: requestHeaders, body: rawRequestBody, sourceIp: '127.0.0.1' },
      match.route.path,
      match.pathParameters,
    );
    const result = await handler(event, { ...lambdaContext });
    const headersOut = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const answer = {
      status: result.statusCode,
      headers: headersOut,
      body: result.body ? JSON.parse(result.body) : undefined,
      rawBody: result.body,
    };
    checkDocumentedAnswer({ method, route: match.route.path, status: answer.status, body: answer.body });
    return answer;
  }

  return { store, tokens, clock, emf, audit, lines, call, close: () => store.close() };
}
