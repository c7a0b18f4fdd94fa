import { createRequire } from 'node:module';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region.js';
import { SwrClient } from '@huaweicloud/huaweicloud-sdk-swr';
import { TokenCredential } from './TokenCredential.js';

/**
 * The SDK's core configures log4js when it loads, to print a dump of every failed call
 * (request headers included, so the token too) on stdout. Configured again here, it prints
 * nothing. log4js is the core's dependency, not ours: take the very copy the core loads.
 */
function silenceSdkLogs(): void {
  const fromSdkCore = createRequire(createRequire(import.meta.url).resolve('@huaweicloud/huaweicloud-sdk-core'));
  fromSdkCore('log4js').configure({
    appenders: { out: { type: 'stdout' } },
    categories: { default: { appenders: ['out'], level: 'off' } },
  });
}
silenceSdkLogs();

/**
 * The official SWR client, pointed at `endpoint` and sending `token` as `X-Auth-Token`.
 * A custom user agent keeps the SDK from writing an application id under the home folder.
 */
export function createSwrClient(endpoint: string, token: string): SwrClient {
  return SwrClient.newBuilder()
    .withCredential(new TokenCredential(token))
    .withEndpoint(endpoint)
    .withOptions({ customUserAgent: 'swr-access-domains-tests' })
    .build();
}

export interface AccessKeyPair {
  ak: string;
  sk: string;
}

/**
 * The official SWR client as SWR's own examples build it: plain `BasicCredentials` with an
 * AK/SK, pointed at `endpoint`; or, with `region`, built `withRegion(new Region(region,
 * endpoint))`, when the SDK first asks IAM (`iamEndpoint`) for the region's project id.
 */
export function createSwrAkSkClient(endpoint: string, key: AccessKeyPair, options: { region?: string } = {}): SwrClient {
  const credentials = new BasicCredentials().withAk(key.ak).withSk(key.sk);
  const builder = SwrClient.newBuilder().withOptions({ customUserAgent: 'swr-access-domains-tests' });
  if (!options.region) return builder.withCredential(credentials).withEndpoint(endpoint).build();
  return builder.withCredential(credentials.withIamEndpoint(endpoint)).withRegion(new Region(options.region, endpoint)).build();
}
