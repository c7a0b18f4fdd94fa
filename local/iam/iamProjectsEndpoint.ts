import { createHash } from 'node:crypto';

/**
 * A stand-in for IAM's `GET /v3/projects?name=<region>`, which the official SDK calls once
 * (signed with the AK/SK) when a client is built with `withRegion(...)` and no project id.
 * It answers exactly one project for any name (the SDK wants exactly one), its id derived
 * from the name so that it is the same on every call. Like the token stand-in, it checks
 * no credentials: it is for a developer's machine only; the project id is not used for
 * authorization here.
 */
export function answerIamProjectsRequest(query: URLSearchParams): { statusCode: number; body: unknown } {
  const name = query.get('name') || 'default';
  const id = createHash('sha256').update(`project:${name}`).digest('hex').slice(0, 32);
  return { statusCode: 200, body: { projects: [{ id, name, enabled: true }] } };
}
