import type { RequestLogger } from '../../lambda/RequestLogger.js';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { ErrorCodes, internalError, noSuchRoute, tooLong } from '../../lambda/errors.js';
import { errorResponse } from '../../lambda/http/responses.js';
import type { ApiGatewayHandler } from './allHandlers.js';
import type { Operation } from '../../lambda/operations/catalog.js';
import { toApiGatewayEvent } from './apiGatewayEvent.js';
import { answerIamTokenRequest } from '../iam/iamTokenEndpoint.js';
import { answerIamProjectsRequest } from '../iam/iamProjectsEndpoint.js';
import { readOpenApiDocument } from '../../scripts/openApiDocumentFile.js';
import { matchRoute } from './router.js';
import { answerClientErrors } from '../http/clientErrors.js';
import type { ConsoleRoute } from './consoleRoute.js';
import { readRequestBody, RequestAborted } from '../http/requestBody.js';
import { applyConnectionCap, DEFAULT_SERVER_LIMITS, type ServerLimits, serverOptions } from '../http/serverLimits.js';

export interface LocalServerOptions {
  handlers: Record<Operation, ApiGatewayHandler>;
  /** Signs the tokens of the local IAM stand-in (`POST /v3/auth/tokens`). */
  privateJwk: JWK;
  logger?: RequestLogger;
  /** Timeouts, connection cap and body size; default DEFAULT_SERVER_LIMITS. */
  limits?: Partial<ServerLimits> | undefined;
  /** The web console at /console/; none if not given. */
  console?: ConsoleRoute;
}

/** The context the Lambda runtime hands a handler, as far as a local invocation can tell. */
export function lambdaContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode, headers);
  response.end(result.statusCode === 204 ? undefined : result.body);
}

function sendWithRequestId(response: ServerResponse, result: APIGatewayProxyResult): void {
  result.headers = { ...result.headers, 'X-Request-Id': randomUUID() };
  send(response, result);
}

/**
 * The API on a plain HTTP server: each request becomes an API Gateway REST proxy event
 * and is handed to the same handler the Lambda function runs.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const { handlers, privateJwk, logger } = options;
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  // Read once: the build wrote it from the catalog (npm start builds first).
  const openApiDocument = readOpenApiDocument();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // The path as the client sent it (an AK/SK signature covers it): not URL's normalised one.
    const rawPath = (request.url ?? '/').split('?')[0]!;
    const method = request.method ?? 'GET';
    const read = await readRequestBody(request, limits.maxBodyBytes, limits.maxDrainBytes);
    if (read.kind === 'tooLarge') {
      // Not all of it was read: the connection cannot carry another request.
      if (!read.drained) response.setHeader('Connection', 'close');
      return sendWithRequestId(response, errorResponse(tooLong('The request body is too large')));
    }
    const body = read.body;

    if (method === 'POST' && url.pathname === '/v3/auth/tokens') {
      const answer = await answerIamTokenRequest(privateJwk, body?.toString('utf8') ?? '');
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (answer.token) headers['X-Subject-Token'] = answer.token;
      response.writeHead(answer.statusCode, headers);
      response.end(JSON.stringify(answer.body));
      return;
    }

    if (method === 'GET' && url.pathname === '/v3/projects') {
      const answer = answerIamProjectsRequest(url.searchParams);
      response.writeHead(answer.statusCode, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer.body));
      return;
    }

    if (method === 'GET' && url.pathname === '/openapi.json') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(openApiDocument);
      return;
    }

    const consoleAnswer = options.console?.(method, url.pathname);
    if (consoleAnswer) return sendWithRequestId(response, consoleAnswer);

    const match = matchRoute(method, url.pathname);
    const handler = match && handlers[match.operation];
    if (!match || !handler) return sendWithRequestId(response, errorResponse(noSuchRoute()));

    const event = toApiGatewayEvent(
      {
        method,
        path: rawPath,
        query: url.searchParams,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      },
      match.route.path,
      match.pathParameters,
    );
    const result = await handler(event, lambdaContext(match.operation, event.requestContext.requestId));
    send(response, result);
  }

  const server = createServer(serverOptions(limits), (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof RequestAborted) return; // the connection is gone, and with it whom to answer
      logger?.error('local server failed', { error: error as Error });
      if (response.headersSent) response.end();
      else sendWithRequestId(response, errorResponse(internalError(ErrorCodes.createFailed)));
    });
  });
  applyConnectionCap(server, limits);
  answerClientErrors(server);
  return server;
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host}:${address.port}`;
}
