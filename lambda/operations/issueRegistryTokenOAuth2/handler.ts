import { type Answer, type Request, spec } from './spec.js';
import { ApiError, oauth2Refusal } from '../../errors.js';
import { apiHandler } from '../../http/apiHandler.js';
import { operationRoute } from '../operationRoute.js';
import { issueRegistryTokenOAuth2 as validateEvent } from '../../schemas/generated/validators.js';
import { createRegistryLogin } from '../../auth/registryLogin.js';
import type { RegistryContext } from '../../http/middleware/registryCredentials.js';
import { success } from '../../http/responses.js';
import { MAX_SCOPES } from '../../schemas/requests.js';
import { formatScope } from '../../domain/registryAccess.js';
import { issueToken } from '../../registry/tokenIssuer.js';
import type { RegistryTokenDeps } from '../OperationDeps.js';

/** The one grant answered: refresh tokens are not issued, so there is nothing to refresh. */
const PASSWORD_GRANT = 'password';

/**
 * The OAuth2 form of the token endpoint (distribution's token
 * spec), which containerd tries first. The password grant carries the same credentials as
 * the HTTP Basic form and is answered by the same rules. Refusals are OAuth2 errors, all 400
 * (on which containerd falls back to the GET form).
 */
export function issueRegistryTokenOAuth2Handler(deps: RegistryTokenDeps) {
  const login = createRegistryLogin(deps);
  return apiHandler<Request, RegistryContext>(
    operationRoute('issueRegistryTokenOAuth2', spec, validateEvent),
    deps,
    async (event, context) => {
      const form = event.body;
      if (form.grant_type !== PASSWORD_GRANT) {
        throw oauth2Refusal('unsupported_grant_type', `grant_type "${form.grant_type}" is not supported: use "${PASSWORD_GRANT}"`);
      }
      if (form.username === undefined || form.password === undefined) {
        throw oauth2Refusal('invalid_request', 'The password grant needs username and password');
      }
      const scopes = (form.scope ?? '').split(' ').filter((scope) => scope !== '');
      if (scopes.length > MAX_SCOPES) throw oauth2Refusal('invalid_request', `At most ${MAX_SCOPES} scopes`);
      const caller = await login(form.username, form.password).catch((error: unknown) => {
        if (error instanceof ApiError && error.statusCode === 401) throw oauth2Refusal('invalid_grant', 'Invalid username or password');
        throw error;
      });
      const issued = await issueToken(deps, caller, { service: form.service, scopes }, context.requestId);
      context.logFields = issued.logFields;
      return success<Answer>(spec, {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.lifetime,
        issued_at: new Date(issued.issuedAt * 1000).toISOString(),
        scope: issued.access.map(formatScope).join(' '),
      });
    },
  );
}
