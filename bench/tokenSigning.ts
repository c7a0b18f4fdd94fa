/**
 * Part 5, registry token signing: what signing through KMS costs the token function in
 * process, beside signing with a local key. KMS is stubbed at the HTTP layer (a canned Sign
 * answer, no network), so the figure is the SDK's own work (serializing, SigV4, parsing)
 * plus the DER conversion; the round trip to KMS comes on top on AWS.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { generateKeyPairSync, sign } from 'node:crypto';
import { KmsTokenSigner } from '../lambda/registry/KmsTokenSigner.js';
import type { RegistryTokenSigner } from '../lambda/registry/RegistryTokenSigner.js';
import { libtrustKeyId } from '../lambda/registry/keyId.js';
import { type RegistryTokenRequest, signRegistryToken } from '../lambda/registry/registryToken.js';
import { pairedRatios, summarize } from './stats.js';
import { fixed, medianIqr, type Section } from './table.js';

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
async function time(signer: RegistryTokenSigner, keyId: string, tokens: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < tokens; i++) {
    const start = performance.now();
    await signRegistryToken(signer, keyId, REQUEST);
    samples.push((performance.now() - start) * 1000);
  }
  return samples;
}

export async function measureTokenSigning(options: TokenSigningOptions): Promise<Section> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const local: RegistryTokenSigner = {
    publicKey,
    sign: async (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const kms = new KmsTokenSigner(stubbedKmsClient(sign('sha256', Buffer.from('x'), privateKey)), KEY_ARN, publicKey);
  const keyId = libtrustKeyId(publicKey);
  const variants = [
    { label: 'local key (npm start): ES256 in process', signer: local },
    { label: 'KMS signer, KMS stubbed: SHA-256, SDK request and answer, DER → r‖s', signer: kms },
  ];
  for (const { signer } of variants) await time(signer, keyId, 200); // warm-up
  const samples = variants.map(() => [] as number[]);
  const roundMedians = variants.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, { signer }] of variants.entries()) {
      const taken = await time(signer, keyId, options.tokens);
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
    title: '5. Registry token signing: local key vs KMS',
    description:
      `One token (one access entry) signed ${options.tokens} times per variant in each of ${options.rounds} interleaved rounds, ` +
      'one at a time, after a warm-up. The KMS signer is the deployed one (lambda/registry/KmsTokenSigner.ts) with a KMS client ' +
      'whose transport answers at once with a canned DER signature: its figure is all the in-process work of the KMS path, ' +
      'the signature itself being made in KMS. Microseconds per token: median (IQR), p99; "× local" per round.',
    columns: ['variant', 'tokens', 'median µs', 'p99 µs', '× local'],
    rows,
    targets: [],
    notes: [
      'On AWS each token also waits for one KMS Sign round trip (in the same region); that, not the in-process work above, is what KMS adds to a token request.',
    ],
  };
}
