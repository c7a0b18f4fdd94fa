import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_CERTIFICATE_NAME } from '../../lambda/registry/defaults.js';
import { KmsTokenSigner } from '../../lambda/registry/KmsTokenSigner.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import type { RegistryTokenSigner } from '../../lambda/registry/RegistryTokenSigner.js';
import { signRegistryToken } from '../../lambda/registry/registryToken.js';
import { createSigningCertificate } from '../../lambda/registry/signingCertificate.js';
import { stubbedKms, TEST_KEY_ARN } from '../support/kmsStub.js';
import { type RunningRegistry, startRegistry } from '../support/registry/registryProcess.js';
import { createTestRegistrySigner, TEST_REGISTRY_ISSUER, TEST_REGISTRY_SERVICE } from '../support/registrySigner.js';

/**
 * The deployed signing path against a real registry (CNCF distribution): tokens and the
 * certificate are both signed through KmsTokenSigner, on a KMS client whose key is local
 * and which answers DER signatures as KMS does. The registry must accept those tokens, and
 * only those.
 */

const kms = stubbedKms();
const kmsSigner = new KmsTokenSigner(kms.client, TEST_KEY_ARN, kms.publicKey);
const kmsKeyId = libtrustKeyId(kms.publicKey);

let workDir: string;
let registry: RunningRegistry;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-registry-kms-'));
  const certificateFile = join(workDir, 'registry-token.pem');
  await writeFile(certificateFile, await createSigningCertificate(kmsSigner, { commonName: REGISTRY_CERTIFICATE_NAME }));
  registry = await startRegistry(workDir, {
    // Only named in the registry's challenges: the tokens here are made by the test.
    apiUrl: 'http://127.0.0.1:1',
    service: TEST_REGISTRY_SERVICE,
    issuer: TEST_REGISTRY_ISSUER,
    certificateFile,
  });
}, 30_000);

afterAll(async () => {
  await registry?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** A token that grants pull on `repository`, signed by `signer` and naming `keyId`. */
async function pullToken(signer: RegistryTokenSigner, keyId: string, repository: string): Promise<string> {
  const { token } = await signRegistryToken(signer, keyId, {
    issuer: TEST_REGISTRY_ISSUER,
    service: TEST_REGISTRY_SERVICE,
    subject: 'partner',
    access: [{ type: 'repository', name: repository, actions: ['pull'] }],
    issuedAt: Math.floor(Date.now() / 1000),
    lifetimeSeconds: 300,
  });
  return token;
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

describe('a registry that trusts the certificate of a KMS key', () => {
  it('accepts a token signed through KMS: the request gets past authorisation to the (empty) repository', async () => {
    expect(await listTags(await pullToken(kmsSigner, kmsKeyId, 'demo/app'))).toEqual({ status: 404, codes: ['NAME_UNKNOWN'] });
  });

  it('holds a KMS-signed token to its access: one for another repository is refused', async () => {
    expect((await listTags(await pullToken(kmsSigner, kmsKeyId, 'demo/other'))).status).toBe(401);
  });

  it('refuses a token signed by another key, under its own kid or under the KMS key kid', async () => {
    const other = createTestRegistrySigner();
    expect((await listTags(await pullToken(other, libtrustKeyId(other.publicKey), 'demo/app'))).status).toBe(401);
    expect((await listTags(await pullToken(other, kmsKeyId, 'demo/app'))).status).toBe(401);
  });
});
