import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateGrantCommand, RevokeGrantCommand, SignCommand } from '@aws-sdk/client-kms';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY_CERT_USAGE, type RegistryCertClients, runRegistryCert } from '../../../local/registry/registryCertCommand.js';
import { KmsRootKey } from '../../../lambda/registry/KmsRootKey.js';
import { libtrustKeyId } from '../../../lambda/registry/keyId.js';
import { signRegistryToken } from '../../../lambda/registry/registryToken.js';
import { ShortLivedSigningKeys } from '../../../lambda/registry/ShortLivedSigningKeys.js';
import { verifyChainedToken } from '../../support/registryTokenChain.js';
import { signLikeKms } from '../../../local/registry/kmsStandIn.js';
import {
  OPERATOR_ARN,
  registryOutputs,
  stubbedCloudFormation,
  stubbedKmsWithGrants,
  stubbedSts,
  TEST_GRANT,
  TEST_STACK,
} from '../../support/deployedStack.js';
import { type StubbedKms, TEST_KEY_ARN } from '../../support/kmsStub.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-registry-cert-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** A deployed stack whose outputs name the stubbed KMS key (or another kid). */
function deployed(options: { rootKeyId?: string } = {}) {
  const kms = stubbedKmsWithGrants();
  const outputs = registryOutputs(options.rootKeyId ?? libtrustKeyId(kms.publicKey));
  const clients: RegistryCertClients = { cloudFormation: stubbedCloudFormation(outputs), kms: kms.client, sts: stubbedSts() };
  return { kms, outputs, clients };
}

/** Runs the command in process, with the given AWS clients, and keeps what it prints. */
async function registryCert(args: string[], clients?: RegistryCertClients) {
  let stdout = '';
  let stderr = '';
  const regions: (string | undefined)[] = [];
  const code = await runRegistryCert(args, {
    clientsFor: (region) => {
      regions.push(region);
      if (!clients) throw new Error('no AWS in this test');
      return clients;
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr, regions };
}

const grantsRevoked = (kms: StubbedKms) => kms.mock.commandCalls(RevokeGrantCommand).map((call) => call.args[0].input);

describe('npm run registry-cert', () => {
  it('writes the certificate of the KMS key, signed by KMS, whose libtrust id is the stack kid, and prints the auth.token block', async () => {
    const { kms, outputs, clients } = deployed();
    const out = join(workDir, 'registry-token.pem');

    const run = await registryCert(['--stack', TEST_STACK, '--region', 'eu-west-1', '--out', out], clients);

    expect(run.code).toBe(0);
    expect(run.regions).toEqual(['eu-west-1']);
    expect(run.stdout).toBe(
      'auth:\n  token:\n' +
        `    realm: "${outputs.RegistryAuthRealm}"\n` +
        '    service: "swr-registry"\n' +
        '    issuer: "swr-access-domains"\n' +
        `    rootcertbundle: "${out}"\n`,
    );
    const certificate = new X509Certificate(await readFile(out, 'utf8'));
    expect(certificate.verify(kms.publicKey)).toBe(true);
    expect(libtrustKeyId(certificate.publicKey)).toBe(outputs.RegistryRootKeyId);
    // Signed through the operator's one-off grant, which is revoked after.
    expect(kms.mock.commandCalls(CreateGrantCommand)[0]!.args[0].input).toMatchObject({
      GranteePrincipal: OPERATOR_ARN,
      Operations: ['Sign'],
    });
    expect(kms.mock.commandCalls(SignCommand).map((call) => call.args[0].input.GrantTokens)).toEqual([[TEST_GRANT.GrantToken]]);
    expect(grantsRevoked(kms)).toEqual([{ KeyId: TEST_KEY_ARN, GrantId: TEST_GRANT.GrantId }]);
  });

  it('makes a certificate that verifies the tokens the token function signs through KMS', async () => {
    const { kms, outputs, clients } = deployed();
    const out = join(workDir, 'function.pem');
    expect((await registryCert(['--stack', TEST_STACK, '--out', out], clients)).code).toBe(0);

    // What the deployed function does: certify its signing key with kms:Sign of its role, no grant.
    const functionRootKey = new KmsRootKey(kms.client, outputs.RegistrySigningKeyArn, kms.publicKey);
    const signingKey = await new ShortLivedSigningKeys(functionRootKey).current(new Date(1_800_000_000_000));
    const { token } = signRegistryToken(signingKey, {
      issuer: outputs.RegistryAuthIssuer,
      service: outputs.RegistryAuthService,
      subject: 'partner',
      access: [{ type: 'repository', name: 'demo/app', actions: ['pull'] }],
      issuedAt: 1_800_000_000,
      lifetimeSeconds: 300,
    });

    const certificate = new X509Certificate(await readFile(out, 'utf8'));
    expect(libtrustKeyId(certificate.publicKey)).toBe(outputs.RegistryRootKeyId);
    const { claims } = await verifyChainedToken(token, certificate, new Date(1_800_000_060_000));
    expect(claims).toMatchObject({ iss: outputs.RegistryAuthIssuer, aud: outputs.RegistryAuthService });
    expect(claims.access).toEqual([{ type: 'repository', name: 'demo/app', actions: ['pull'] }]);
  });

  it('revokes the grant and writes nothing when KMS refuses to sign, saying why in one line', async () => {
    const { kms, clients } = deployed();
    kms.mock
      .on(SignCommand)
      .rejects(Object.assign(new Error('User: alice is not authorized\nto perform: kms:Sign'), { name: 'AccessDeniedException' }));
    const out = join(workDir, 'refused.pem');

    const run = await registryCert(['--stack', TEST_STACK, '--out', out], clients);

    expect(run).toMatchObject({ code: 1, stdout: '', stderr: 'registry-cert: User: alice is not authorized to perform: kms:Sign\n' });
    expect(existsSync(out)).toBe(false);
    expect(grantsRevoked(kms)).toEqual([{ KeyId: TEST_KEY_ARN, GrantId: TEST_GRANT.GrantId }]);
  });

  it('refuses a certificate whose KMS signature is not made by the key, and revokes the grant', async () => {
    const { kms, clients } = deployed();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    kms.mock.on(SignCommand).callsFake((input: SignCommand['input']) => ({ Signature: signLikeKms(otherKey, input.Message!, 'DIGEST') }));
    const out = join(workDir, 'wrong-key.pem');

    const run = await registryCert(['--stack', TEST_STACK, '--out', out], clients);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^registry-cert: The root certificate's signature does not verify with the root key's public half\n$/);
    expect(existsSync(out)).toBe(false);
    expect(grantsRevoked(kms)).toHaveLength(1);
  });

  it("refuses, before any grant, a key that is not the one the stack's kid names", async () => {
    const { kms, clients } = deployed({ rootKeyId: 'AAAA:BBBB' });
    const run = await registryCert(['--stack', TEST_STACK, '--out', join(workDir, 'other.pem')], clients);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("does not match the stack's RegistryRootKeyId AAAA:BBBB");
    expect(kms.mock.commandCalls(CreateGrantCommand)).toHaveLength(0);
  });

  it('says, in one line, when the stack does not exist', async () => {
    const { clients } = deployed();
    const run = await registryCert(['--stack', 'Other', '--out', join(workDir, 'none.pem')], clients);
    expect(run).toMatchObject({ code: 1, stderr: 'registry-cert: Stack with id other does not exist\n' });
  });

  it.each([
    ['no --stack', []],
    ['a bad stack name', ['--stack', 'my stack']],
    ['a bad region', ['--stack', TEST_STACK, '--region', 'Ireland']],
    ['an empty --out', ['--stack', TEST_STACK, '--out', '']],
    ['an unknown option', ['--stack', TEST_STACK, '--profile', 'ops']],
    ['an extra argument', ['--stack', TEST_STACK, 'now']],
  ])('refuses %s with usage and exit code 2, before any AWS call', async (_what, args) => {
    const run = await registryCert(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.endsWith(`\n${REGISTRY_CERT_USAGE}\n`)).toBe(true);
    expect(run.regions).toEqual([]);
  });

  it('answers --help with usage', async () => {
    expect(await registryCert(['--help'])).toMatchObject({ code: 0, stdout: `${REGISTRY_CERT_USAGE}\n`, stderr: '' });
  });
});

describe('the registry-cert entry point', () => {
  it('exits 2 with one line and usage, no stack trace, on bad arguments', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'local/registry/registryCertCli.ts', '--stack'], {
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Option '--stack <value>' argument missing\n${REGISTRY_CERT_USAGE}\n`);
  });
});
