import type { CustomResourceRequest } from './signingPublicKeyResource.js';

/**
 * Answers a CloudFormation custom resource request: runs `produce` (not on Delete, which has
 * nothing to undo), and PUTs its data, or its error as the reason of a FAILED answer, to
 * CloudFormation's pre-signed URL: a custom resource that never answers holds the stack for
 * an hour. `physicalResourceId` names what was made: a new one replaces the resource.
 */
export async function answerCustomResource(
  request: CustomResourceRequest,
  physicalResourceId: string | undefined,
  produce: () => Promise<Record<string, string>>,
  failurePrefix: string,
  send: typeof fetch,
): Promise<void> {
  let outcome: { Status: 'SUCCESS'; Data?: Record<string, string> } | { Status: 'FAILED'; Reason: string };
  try {
    outcome = request.RequestType === 'Delete' ? { Status: 'SUCCESS' } : { Status: 'SUCCESS', Data: await produce() };
  } catch (error) {
    outcome = { Status: 'FAILED', Reason: `${failurePrefix}: ${(error as Error).message}` };
  }
  const body = JSON.stringify({
    ...outcome,
    PhysicalResourceId: physicalResourceId ?? request.PhysicalResourceId ?? request.LogicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  // The URL is signed without a content type, so none may be sent.
  const response = await send(request.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation refused the answer: HTTP ${response.status}`);
}
