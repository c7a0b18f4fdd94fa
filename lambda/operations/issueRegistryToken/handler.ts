import { type Answer, type Request, spec } from './spec.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { issueRegistryToken as validateEvent } from '../../schemas/generated/validators.js';
import type { RegistryContext } from '../../http/middleware/registryCredentials.js';
import { success } from '../../http/responses.js';
import { issueToken } from '../../registry/tokenIssuer.js';
import type { RegistryTokenDeps } from '../OperationDeps.js';

/**
 * The token endpoint's HTTP Basic form: the realm of a registry using Docker Registry v2
 * token auth. It answers 200 with a token listing only what was granted (possibly
 * nothing, also for an anonymous caller); the registry then allows or denies each request
 * by that list alone.
 */
export function issueRegistryTokenHandler(deps: RegistryTokenDeps) {
  return apiHandler<Request, RegistryContext>(operationRoute('issueRegistryToken', spec, validateEvent), deps, async (event, context) => {
    const { token, lifetime, issuedAt, logFields } = await issueToken(
      deps,
      context.caller,
      { service: event.queryStringParameters.service, scopes: event.multiValueQueryStringParameters?.scope ?? [] },
      context.requestId,
    );
    context.logFields = logFields;
    return success<Answer>(spec, {
      token,
      access_token: token,
      expires_in: lifetime,
      issued_at: new Date(issuedAt * 1000).toISOString(),
    });
  });
}
