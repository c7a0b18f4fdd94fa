import { describe, expect, it } from '@jest/globals';
import { CreateGrantCommand, RevokeGrantCommand, SignCommand } from '@aws-sdk/client-kms';
import { verify } from 'node:crypto';
import { authTokenBlock, readDeployedRegistryAuth, withOneOffSigner } from '../../../local/registry/deployedRegistryAuth.js';
import { libtrustKeyId } from '../../../lambda/registry/keyId.js';
import {
  OPERATOR_ARN,
  registryOutputs,
  stubbedCloudFormation,
  stubbedKmsWithGrants,
  stubbedSts,
  TEST_GRANT,
  TEST_STACK,
} from '../../support/deployedStack.js';
import { TEST_KEY_ARN } from '../../support/kmsStub.js';

const OUTPUTS = registryOutputs('AAAA:BBBB');

describe('the deployed registry settings', () => {
  it("are read from the stack's outputs", async () => {
    expect(await readDeployedRegistryAuth(stubbedCloudFormation(OUTPUTS), TEST_STACK)).toEqual({
      realm: OUTPUTS.RegistryAuthRealm,
      service: 'swr-registry',
      issuer: 'swr-access-domains',
      keyArn: TEST_KEY_ARN,
      rootKeyId: 'AAAA:BBBB',
    });
  });

  it('name what is missing when the stack predates the token service', async () => {
    const { RegistrySigningKeyArn: _, RegistryRootKeyId: __, ...older } = OUTPUTS;
    await expect(readDeployedRegistryAuth(stubbedCloudFormation(older), TEST_STACK)).rejects.toThrow(
      'Stack SwrAccessDomains has no output RegistrySigningKeyArn, RegistryRootKeyId',
    );
  });

  it('make the auth.token block of a registry configuration', () => {
    const auth = { realm: OUTPUTS.RegistryAuthRealm, service: 's', issuer: 'i', keyArn: TEST_KEY_ARN, rootKeyId: 'k' };
    expect(authTokenBlock(auth, '/etc/docker/registry/registry-token.pem')).toBe(
      `auth:\n  token:\n    realm: "${OUTPUTS.RegistryAuthRealm}"\n    service: "s"\n    issuer: "i"\n` +
        '    rootcertbundle: "/etc/docker/registry/registry-token.pem"\n',
    );
  });
});

describe('withOneOffSigner', () => {
  function setUp() {
    const kms = stubbedKmsWithGrants();
    return { kms, sts: stubbedSts(), auth: { keyArn: TEST_KEY_ARN, rootKeyId: libtrustKeyId(kms.publicKey) } };
  }

  it('signs through a Sign grant for the caller, used by its token, and revokes it after', async () => {
    const { kms, sts, auth } = setUp();
    const data = Buffer.from('tbs certificate');
    const signature = await withOneOffSigner({ kms: kms.client, sts }, auth, (signer) => signer.sign(data));

    expect(verify('sha256', data, { key: kms.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(kms.mock.commandCalls(CreateGrantCommand)[0]!.args[0].input).toEqual({
      KeyId: TEST_KEY_ARN,
      GranteePrincipal: OPERATOR_ARN,
      Operations: ['Sign'],
      Name: 'registry-cert',
    });
    expect(kms.mock.commandCalls(SignCommand)[0]!.args[0].input.GrantTokens).toEqual([TEST_GRANT.GrantToken]);
    expect(kms.mock.commandCalls(RevokeGrantCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: TEST_KEY_ARN, GrantId: TEST_GRANT.GrantId },
    ]);
  });

  it('revokes the grant when the work fails', async () => {
    const { kms, sts, auth } = setUp();
    await expect(
      withOneOffSigner({ kms: kms.client, sts }, auth, async () => {
        throw new Error('certificate refused');
      }),
    ).rejects.toThrow('certificate refused');
    expect(kms.mock.commandCalls(RevokeGrantCommand)).toHaveLength(1);
  });

  it("refuses a key whose public half is not the one the stack's kid names, before any grant", async () => {
    const { kms, sts } = setUp();
    await expect(
      withOneOffSigner({ kms: kms.client, sts }, { keyArn: TEST_KEY_ARN, rootKeyId: 'AAAA:BBBB' }, async () => 'never'),
    ).rejects.toThrow("does not match the stack's RegistryRootKeyId AAAA:BBBB");
    expect(kms.mock.commandCalls(CreateGrantCommand)).toHaveLength(0);
  });
});
