import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import type { IHttpRequest } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';

/**
 * A credential for the official Huawei Cloud Node SDK that sends a token in `X-Auth-Token`
 * (docs/access-domains.md §6) instead of signing each request with an AK/SK pair.
 *
 * The SDK's `HcClient` hands every request it builds to `processAuthRequest` before sending
 * it; that is the only hook it needs. `processAuthParams` is called only when the client is
 * built `withRegion(...)` (to look up a project id at IAM); with `withEndpoint(...)` it is
 * not, and there is nothing to look up. Give the client one endpoint: with two, a failed
 * connection is retried on the second after re-signing it with AK/SK, which a token has not.
 */
export class TokenCredential implements ICredential {
  constructor(private readonly token: string) {}

  getAk(): string | undefined {
    return undefined;
  }

  getSk(): string | undefined {
    return undefined;
  }

  async processAuthRequest(_hcClient: HcClient, request: IHttpRequest): Promise<IHttpRequest> {
    request.headers ??= {};
    request.headers['X-Auth-Token'] = this.token;
    return request;
  }

  async processAuthParams(_hcClient: HcClient, _region: string): Promise<ICredential> {
    return this;
  }
}
