/**
 * Part 5, registry token signing: what signing one token costs the token function in
 * process, with the short-lived key it uses now beside a KMS Sign per token (the design
 * before, bench/token/perTokenKms.ts). KMS is stubbed at the HTTP layer (a canned Sign answer, no
 * network), so the per-token KMS figure is the SDK's own work (serializing, SigV4, parsing)
 * plus the DER conversion; the round trip to KMS comes on top on AWS (part 6 adds one).
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { generateKeyPairSync, sign } from 'node:crypto';
import { KmsRootKey } from '../../lambda/registry/KmsRootKey.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import { type RegistryTokenRequest, signRegistryToken } from '../../lambda/registry/registryToken.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';
import { inMemoryRootKey } from '../../local/registry/registryKeys.js';
import { signTokenPerTokenKms } from './perTokenKms.js';
import { pairedRatios, summarize } from '../harness/stats.js';
import { fixed, medianIqr, type Section } from '../harness/table.js';

export interface TokenSigningOptions {
  /** Tokens per variant and round. */
  tokens: number;
  rounds: number;
}

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/bench';

/** A KMS client whose transport answers every Sign at once with the same DER signature. */
function stubbedKmsClient(derSignature: Buffer): KMSClient {
  const body = Buffer.from(
    JSON.stringify({ KeyId: KEY_ARN, Signature: derSignature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' }),
  );
  return new KMSClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: {
      handle: async () => ({
        response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body },
      }),
    } as unknown as KMSClient['config']['requestHandler'],
  });
}

const REQUEST: RegistryTokenRequest = {
  issuer: 'swr-access-domains',
  service: 'swr-registry',
  subject: 'partner',
  access: [{ type: 'repository', name: 'demo/nginx', actions: ['pull'] }],
  issuedAt: 1_800_000_000,
  lifetimeSeconds: 300,
};

/** Microseconds per token, one figure per token. */
async function time(signOne: () => Promise<unknown>, tokens: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < tokens; i++) {
    const start = performance.now();
    await signOne();
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

export async function measureTokenSigning(options: TokenSigningOptions): Promise<Section> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // The short-lived keys' root is in memory here: the stub's canned signature would not
  // verify, and the root signs once per key (an hour) anyway, outside what is timed.
  const keys = new ShortLivedSigningKeys(inMemoryRootKey(privateKey));
  const kms = new KmsRootKey(stubbedKmsClient(sign('sha256', Buffer.from('x'), privateKey)), KEY_ARN, publicKey);
  const keyId = libtrustKeyId(publicKey);
  const variants = [
    {
      label: 'short-lived key (now): the current key, ES256 in process, x5c header',
      signOne: async () => signRegistryToken(await keys.current(new Date()), REQUEST),
    },
    {
      label: 'per-token KMS (before), KMS stubbed: SHA-256, SDK request and answer, DER → r‖s',
      signOne: () => signTokenPerTokenKms(kms, keyId, REQUEST),
    },
  ];
  for (const { signOne } of variants) await time(signOne, 200); // warm-up (and the short-lived key's certificate)
  const samples = variants.map(() => [] as number[]);
  const roundMedians = variants.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, { signOne }] of variants.entries()) {
      const taken = await time(signOne, options.tokens);
      samples[index]!.push(...taken);
      roundMedians[index]!.push(summarize(taken).median);
    }
  }
  const rows = variants.map(({ label }, index) => [
    label,
    String(samples[index]!.length),
    medianIqr(summarize(samples[index]!)),
    fixed(summarize(samples[index]!).p99),
    medianIqr(summarize(pairedRatios(roundMedians[index]!, roundMedians[0]!)), 2),
  ]);
  return {
    title: '5. Registry token signing: short-lived key vs a KMS call per token',
    description:
      `One token (one access entry) signed ${options.tokens} times per variant in each of ${options.rounds} interleaved rounds, ` +
      'one at a time, after a warm-up. The short-lived key is the deployed path (lambda/registry/ShortLivedSigningKeys.ts, ' +
      'certified once by its root key during the warm-up; each token asks it for the current key and signs in process). ' +
      'The per-token KMS variant is the design before (bench/token/perTokenKms.ts) through the deployed KmsRootKey, with a KMS ' +
      'client whose transport answers at once with a canned DER signature: its figure is all the in-process work of a KMS ' +
      'call, the signature itself being made in KMS. Microseconds per token: median (IQR), p99; "× short-lived" per round.',
    columns: ['variant', 'tokens', 'median µs', 'p99 µs', '× short-lived'],
    rows,
    targets: [],
    notes: [
      'On AWS a KMS Sign per token would also wait for one KMS round trip per token; with short-lived keys the function ' +
        'calls KMS once per key (an hour). Part 6 measures both with a KMS stand-in that answers after a realistic round trip.',
    ],
  };
}
