import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ErrorCodes, internalError, shareExists } from '../../../../lambda/errors.js';
import { httpApi } from '../../../../lambda/http/middleware/httpApi.js';
import { errorResponse, json } from '../../../../lambda/http/responses.js';
import { middyRequest } from '../../../support/middyRequest.js';
import { recordingMetrics } from '../../../support/emfRecorder.js';

const INTERNAL_CODE = ErrorCodes.createFailed;

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const record = (level: string) => (message: string, fields: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, logger: { info: record('info'), error: record('error') } as never };
}

function middleware() {
  const { lines, logger } = recordingLogger();
  const emf = recordingMetrics();
  return {
    lines,
    emf,
    httpApiMiddleware: httpApi({ operation: 'createShare', logger, metrics: emf.metrics, internalErrorCode: INTERNAL_CODE }),
  };
}

const gatewayEvent = {
  requestContext: { requestId: 'gateway-request' } as never,
  pathParameters: { namespace: 'demo', repository: 'nginx' },
};

describe('httpApi', () => {
  it('stamps the API Gateway request id on a success and logs one line for it', async () => {
    const { lines, httpApiMiddleware } = middleware();
    const request = middyRequest(gatewayEvent);
    await httpApiMiddleware.before!(request);
    request.response = json(201, {});
    await httpApiMiddleware.after!(request);
    expect(request.response!.headers).toEqual({ 'Content-Type': 'application/json', 'X-Request-Id': 'gateway-request' });
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'request',
        fields: expect.objectContaining({ requestId: 'gateway-request', operation: 'createShare', namespace: 'demo', status: 201 }),
      },
    ]);
  });

  it('renders an API error in both spellings, with the Lambda request id when there is no gateway one', async () => {
    const { lines, httpApiMiddleware } = middleware();
    const request = middyRequest();
    request.error = shareExists();
    await httpApiMiddleware.onError!(request);
    const response = request.response!;
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body)).toMatchObject({ errorCode: ErrorCodes.shareExists, error_code: ErrorCodes.shareExists });
    expect(response.headers?.['X-Request-Id']).toBe('lambda-request');
    expect(lines.map(({ level, fields }) => [level, fields.errorCode])).toEqual([['info', ErrorCodes.shareExists]]);
  });

  it('turns any other failure into the operation’s 500, which reveals nothing of it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 8 }), async (secret) => {
        fc.pre(!errorResponse(internalError(INTERNAL_CODE)).body.includes(secret));
        const { lines, httpApiMiddleware } = middleware();
        const request = middyRequest(gatewayEvent);
        request.error = Object.assign(new Error(secret), { name: 'ConditionalCheckFailedException' });
        await httpApiMiddleware.onError!(request);
        const response = request.response!;
        expect(response.statusCode).toBe(500);
        expect(JSON.parse(response.body)).toMatchObject({ errorCode: INTERNAL_CODE });
        expect(response.body).not.toContain(secret);
        expect(response.body).not.toContain('ConditionalCheckFailed');
        // The details go to the error log, which is the operator's, not the caller's.
        expect(lines.map(({ level }) => level)).toEqual(['error', 'info']);
      }),
      { numRuns: 50 },
    );
  });

  it('counts each request once, by operation and status class, and times it by operation', async () => {
    for (const [status, statusClass] of [
      [201, '2xx'],
      [409, '4xx'],
      [500, '5xx'],
    ] as const) {
      const { emf, httpApiMiddleware } = middleware();
      const request = middyRequest(gatewayEvent);
      await httpApiMiddleware.before!(request);
      if (status === 201) {
        request.response = json(201, {});
        await httpApiMiddleware.after!(request);
      } else {
        request.error = status === 409 ? shareExists() : new Error('the store fell over');
        await httpApiMiddleware.onError!(request);
      }
      expect(emf.emitted()).toEqual([
        {
          namespace: 'SwrAccessDomains',
          name: 'Requests',
          unit: 'Count',
          value: 1,
          dimensions: { Operation: 'createShare', StatusClass: statusClass },
        },
        {
          namespace: 'SwrAccessDomains',
          name: 'Latency',
          unit: 'Milliseconds',
          value: expect.any(Number),
          dimensions: { Operation: 'createShare' },
        },
      ]);
    }
  });

  it('leaves the request id on the context, for the audit trail: the one X-Request-Id answers', async () => {
    const { httpApiMiddleware } = middleware();
    const request = middyRequest();
    await httpApiMiddleware.before!(request);
    request.response = json(200, {});
    await httpApiMiddleware.after!(request);
    expect((request.context as unknown as { requestId: string }).requestId).toBe('lambda-request');
    expect(request.response!.headers?.['X-Request-Id']).toBe('lambda-request');
  });
});
