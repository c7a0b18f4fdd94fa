import { expect, jest } from '@jest/globals';
import type { CustomResourceRequest } from '../../lambda/deploy/signingPublicKeyResource.js';

/** A custom resource request of the stack, for the key `keyId` (none: no KeyId property). */
export function customResourceRequest(
  type: CustomResourceRequest['RequestType'],
  logicalResourceId: string,
  keyId: string | null,
): CustomResourceRequest {
  return {
    RequestType: type,
    ResponseURL: 'https://cloudformation-custom-resource-response.example/signed?X-Amz-Signature=abc',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/SwrAccessDomains/1',
    RequestId: 'request-1',
    LogicalResourceId: logicalResourceId,
    ResourceProperties: keyId === null ? {} : { KeyId: keyId },
  };
}

/**
 * Runs a custom resource with a `send` that CloudFormation's URL accepts; returns the one
 * answer it PUT there, parsed, after checking how it was sent.
 */
export async function answerSent(request: CustomResourceRequest, run: (send: typeof fetch) => Promise<void>) {
  const send = jest.fn<typeof fetch>(async () => new Response(null, { status: 200 }));
  await run(send);
  expect(send).toHaveBeenCalledTimes(1);
  const [url, init] = send.mock.calls[0]!;
  expect(url).toBe(request.ResponseURL);
  expect(init).toMatchObject({ method: 'PUT', headers: { 'content-type': '' } });
  return JSON.parse(String(init!.body));
}
