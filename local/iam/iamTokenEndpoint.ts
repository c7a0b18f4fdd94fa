import type { JWK } from 'jose';
import { accessDomainKey, isValidNamespace } from '../../lambda/domain/names.js';
import { signToken } from './tokens.js';

/** The part of an IAM `POST /v3/auth/tokens` password request that names the user. */
interface PasswordAuthRequest {
  auth?: {
    identity?: {
      password?: { user?: { name?: unknown; domain?: { name?: unknown } } };
    };
  };
}

export interface IamTokenAnswer {
  statusCode: number;
  token?: string;
  body: unknown;
}

/**
 * A stand-in for IAM's token endpoint, so that the documented flow (get a token from IAM,
 * send it as `X-Auth-Token`) works locally. It does not check the password: it is for a
 * developer's machine only. The token grants `manage` on the namespace named after the
 * account (lower case), as if the account had created that organization.
 */
export async function answerIamTokenRequest(privateJwk: JWK, rawBody: string): Promise<IamTokenAnswer> {
  let request: PasswordAuthRequest;
  try {
    request = JSON.parse(rawBody) as PasswordAuthRequest;
  } catch {
    return { statusCode: 400, body: { error: { code: 400, message: 'The request body is not valid JSON' } } };
  }
  const user = request?.auth?.identity?.password?.user;
  const userName = user?.name;
  const domainName = user?.domain?.name;
  if (typeof userName !== 'string' || typeof domainName !== 'string' || !userName || !domainName) {
    return {
      statusCode: 400,
      body: { error: { code: 400, message: 'auth.identity.password.user.name and .domain.name are required' } },
    };
  }
  // Folded as the API folds account names: a look-alike (U+212A for `K`) gets no namespace.
  const namespace = accessDomainKey(domainName);
  const namespaces = isValidNamespace(namespace) ? { [namespace]: 'manage' as const } : {};
  const token = await signToken(privateJwk, { domain: domainName, user: userName, namespaces });
  const expiresAt = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
  return {
    statusCode: 201,
    token,
    body: {
      token: {
        expires_at: expiresAt,
        methods: ['password'],
        user: { name: userName, domain: { name: domainName } },
      },
    },
  };
}
