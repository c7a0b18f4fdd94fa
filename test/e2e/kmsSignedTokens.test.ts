import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignCommand } from '@aws-sdk/client-kms';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLeafCertificate } from '../../lambda/registry/certificates.js';
import { issueRootCertificate } from '../../lambda/registry/rootCertificate.js';
import { KmsRootKey } from '../../lambda/registry/KmsRootKey.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import { encodeTokenHeader, signRegistryToken } from '../../lambda/registry/registryToken.js';
import type { RootKey } from '../../lambda/registry/RootKey.js';
import { ShortLivedSigningKeys } from '../../lambda/registry/ShortLivedSigningKeys.js';
import type { TokenSigningKey } from '../../lambda/registry/registryToken.js';
import { stubbedKms, TEST_KEY_ARN } from '../support/kmsStub.js';
import { type RunningRegistry, startRegistry } from '../../local/registry/registryProcess.js';
import { createTestRootKey, TEST_REGISTRY_ISSUER, TEST_REGISTRY_SERVICE } from '../support/registrySigner.js';

/**
 * The deployed signing path against a real registry (CNCF distribution): the root
 * certificate and the short-lived keys' certificates are signed through KmsRootKey, on a KMS
 * client whose key is local and which answers DER signatures as KMS does; tokens carry the
 * chain in `x5c`. The registry must accept those tokens, and only those: its checks of the
 * chain (issuer, signature, dates) are the ones distribution 3.x makes too.
 */

const kms = stubbedKms();
const kmsRootKey = new KmsRootKey(kms.client, TEST_KEY_ARN, kms.publicKey);
const HOUR = 60 * 60 * 1000;

let workDir: string;
let registry: RunningRegistry;
let signingKey: TokenSigningKey;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-registry-kms-'));
  const certificateFile = join(workDir, 'registry-token.pem');
  await writeFile(certificateFile, await issueRootCertificate(kmsRootKey));
  registry = await startRegistry(workDir, {
    // Only named in the registry's challenges: the tokens here are made by the test.
    apiUrl: 'http://127.0.0.1:1',
    service: TEST_REGISTRY_SERVICE,
    issuer: TEST_REGISTRY_ISSUER,
    certificateFile,
  });
  signingKey = await new ShortLivedSigningKeys(kmsRootKey).current(new Date());
}, 30_000);

afterAll(async () => {
  await registry?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A token that grants pull on `repository`, signed by `key`. */
function pullToken(key: TokenSigningKey, repository: string): string {
  const { token } = signRegistryToken(key, {
    issuer: TEST_REGISTRY_ISSUER,
    service: TEST_REGISTRY_SERVICE,
    subject: 'partner',
    access: [{ type: 'repository', name: repository, actions: ['pull'] }],
    issuedAt: Math.floor(Date.now() / 1000),
    lifetimeSeconds: 300,
  });
  return token;
}

/** A signing key certified by `root` for the given validity, bypassing the service's own choices. */
async function keyCertifiedBy(root: RootKey, validity: { notBefore: Date; notAfter: Date }): Promise<TokenSigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = await issueLeafCertificate(root, publicKey, validity);
  const kid = libtrustKeyId(publicKey);
  const x5c = [der.toString('base64')];
  return { privateKey, kid, x5c, encodedHeader: encodeTokenHeader(kid, x5c), signsUntil: 0, renewAt: 0 };
}

/** The registry's answer to listing the tags of demo/app with this token. */
async function listTags(token: string): Promise<{ status: number; codes: string[] }> {
  const response = await fetch(`http://${registry.address}/v2/demo/app/tags/list`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { errors?: { code: string }[] };
  return { status: response.status, codes: (body.errors ?? []).map((error) => error.code) };
}

const around = (fromMs: number, toMs: number) => ({ notBefore: new Date(Date.now() + fromMs), notAfter: new Date(Date.now() + toMs) });

describe('a registry that trusts the root certificate of a KMS key', () => {
  it('accepts a token signed by a short-lived key KMS certified: the request gets past authorisation to the (empty) repository', async () => {
    expect(await listTags(pullToken(signingKey, 'demo/app'))).toEqual({ status: 404, codes: ['NAME_UNKNOWN'] });
  });

  it('took one KMS signature for the root certificate and one for the signing key, none per token', async () => {
    const before = kms.mock.commandCalls(SignCommand).length;
    for (let i = 0; i < 5; i += 1) expect((await listTags(pullToken(signingKey, 'demo/app'))).status).toBe(404);
    expect(kms.mock.commandCalls(SignCommand).length).toBe(before);
    expect(before).toBe(2);
  });

  it('holds the token to its access: one for another repository is refused', async () => {
    expect((await listTags(pullToken(signingKey, 'demo/other'))).status).toBe(401);
  });

  it('refuses a token whose chain leads to another root, even one of the same name', async () => {
    expect((await listTags(pullToken(await keyCertifiedBy(createTestRootKey(), around(-HOUR, HOUR)), 'demo/app'))).status).toBe(401);
  });

  it('refuses a token whose signing key’s certificate has ended, or has not begun', async () => {
    expect((await listTags(pullToken(await keyCertifiedBy(kmsRootKey, around(-2 * HOUR, -HOUR)), 'demo/app'))).status).toBe(401);
    expect((await listTags(pullToken(await keyCertifiedBy(kmsRootKey, around(HOUR, 2 * HOUR)), 'demo/app'))).status).toBe(401);
  });

  it('refuses a token signed by another key under the chain of the certified one', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect((await listTags(pullToken({ ...signingKey, privateKey: other }, 'demo/app'))).status).toBe(401);
  });
});
