import { apiHandler, type ValidEvent } from '../../http/apiHandler.js';
import type { RegistryContext } from '../../http/middleware/registryCredentials.js';
import { json } from '../../http/responses.js';
import { issueToken, type RegistryTokenDeps } from '../../registry/tokenIssuer.js';
import type { RegistryTokenQuery } from '../../schemas/requests.js';

type RegistryTokenEvent = ValidEvent<never> & {
  queryStringParameters: RegistryTokenQuery;
  multiValueQueryStringParameters: { scope?: string[] } | null;
};

/**
 * The token endpoint's HTTP Basic form: the realm of a registry using Docker Registry v2 token auth, HTTP
 * Basic credentials. It answers 200 with a token listing only what was granted (possibly
 * nothing, also for an anonymous caller); the registry then allows or denies each request
 * by that list alone.
 */
export function issueRegistryTokenHandler(deps: RegistryTokenDeps) {
  return apiHandler<never, never, RegistryContext>('issueRegistryToken', deps, async (validEvent, context) => {
    const event = validEvent as RegistryTokenEvent;
    const { token, lifetime, issuedAt } = await issueToken(
      deps,
      context.caller,
      { service: event.queryStringParameters.service, scopes: event.multiValueQueryStringParameters?.scope ?? [] },
      context,
    );
    return json(200, {
      token,
      access_token: token,
      expires_in: lifetime,
      issued_at: new Date(issuedAt * 1000).toISOString(),
    });
  });
}
