import { type Answer, type Request, spec } from './spec.js';
import { apiHandler, operationRoute } from '../../http/apiHandler.js';
import { issueRegistryToken as validateEvent } from '../../schemas/generated/validators.js';
import type { RegistryContext } from '../../http/middleware/registryCredentials.js';
import { success } from '../../http/responses.js';
import { issueToken, type RegistryTokenDeps } from '../../registry/tokenIssuer.js';

/**
 * The token endpoint's HTTP Basic form: the realm of a registry using Docker Registry v2
 * token auth. It answers 200 with a token listing only what was granted (possibly
 * nothing, also for an anonymous caller); the registry then allows or denies each request
 * by that list alone.
 */
export function issueRegistryTokenHandler(deps: RegistryTokenDeps) {
  return apiHandler<Request, RegistryContext>(operationRoute('issueRegistryToken', spec, validateEvent), deps, async (event, context) => {
    const { token, lifetime, issuedAt } = await issueToken(
      deps,
      context.caller,
      { service: event.queryStringParameters.service, scopes: event.multiValueQueryStringParameters?.scope ?? [] },
      context,
    );
    return success<Answer>(spec, {
      token,
      access_token: token,
      expires_in: lifetime,
      issued_at: new Date(issuedAt * 1000).toISOString(),
    });
  });
}
