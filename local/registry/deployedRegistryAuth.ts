import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateGrantCommand, GetPublicKeyCommand, type KMSClient, RevokeGrantCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { createPublicKey } from 'node:crypto';
import { KmsRootKey } from '../../lambda/registry/KmsRootKey.js';
import { libtrustKeyId } from '../../lambda/registry/keyId.js';
import { issueRootCertificate } from '../../lambda/registry/rootCertificate.js';
import { authTokenYaml } from './registryConfig.js';

/** What a registry needs to know of a deployed stack, from its outputs (infra/AccessDomainsStack.ts). */
export interface DeployedRegistryAuth {
  realm: string;
  service: string;
  issuer: string;
  keyArn: string;
  /** The `kid` the deployed function puts in its tokens. */
  rootKeyId: string;
}

const OUTPUTS = {
  realm: 'RegistryAuthRealm',
  service: 'RegistryAuthService',
  issuer: 'RegistryAuthIssuer',
  keyArn: 'RegistrySigningKeyArn',
  rootKeyId: 'RegistryRootKeyId',
} as const satisfies Record<keyof DeployedRegistryAuth, string>;

export async function readDeployedRegistryAuth(cloudFormation: CloudFormationClient, stackName: string): Promise<DeployedRegistryAuth> {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const missing = Object.values(OUTPUTS).filter((name) => !outputs.get(name));
  if (missing.length > 0) {
    throw new Error(`Stack ${stackName} has no output ${missing.join(', ')}: deploy this version of the stack first`);
  }
  return Object.fromEntries(Object.entries(OUTPUTS).map(([field, name]) => [field, outputs.get(name)!])) as unknown as DeployedRegistryAuth;
}

/**
 * Runs `use` with a signer of the deployed key that the caller may use for a moment: the
 * key's policy lets only the token function sign, so the caller (a key administrator through
 * IAM) gives itself a grant for Sign, used through its grant token, and revokes it after,
 * whatever happens. The public key is checked against the `kid` the function uses.
 */
export async function withOneOffSigner<T>(
  clients: { kms: KMSClient; sts: STSClient },
  auth: Pick<DeployedRegistryAuth, 'keyArn' | 'rootKeyId'>,
  use: (signer: KmsRootKey) => Promise<T>,
): Promise<T> {
  const { kms, sts } = clients;
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: auth.keyArn }));
  if (!PublicKey) throw new Error(`KMS returned no public key for ${auth.keyArn}`);
  const publicKey = createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' });
  if (libtrustKeyId(publicKey) !== auth.rootKeyId) {
    throw new Error(`The key's public half does not match the stack's RegistryRootKeyId ${auth.rootKeyId}`);
  }
  const { Arn: caller } = await sts.send(new GetCallerIdentityCommand({}));
  const { GrantId, GrantToken } = await kms.send(
    new CreateGrantCommand({ KeyId: auth.keyArn, GranteePrincipal: caller, Operations: ['Sign'], Name: 'registry-cert' }),
  );
  if (!GrantId || !GrantToken) throw new Error('KMS created no grant');
  try {
    return await use(new KmsRootKey(kms, auth.keyArn, publicKey, [GrantToken]));
  } finally {
    await kms.send(new RevokeGrantCommand({ KeyId: auth.keyArn, GrantId }));
  }
}

/**
 * The PEM certificate of the deployed signing key, self-signed by that key in KMS through
 * a one-off grant: what the registry's `rootcertbundle` holds. It is checked against the
 * key's public half before anyone installs it.
 */
export async function createDeployedSigningCertificate(
  clients: { kms: KMSClient; sts: STSClient },
  auth: Pick<DeployedRegistryAuth, 'keyArn' | 'rootKeyId'>,
): Promise<string> {
  // issueRootCertificate checks the signature KMS made with the key's public half.
  return withOneOffSigner(clients, auth, (signer) => issueRootCertificate(signer));
}

/** The `auth.token` block of a registry's configuration that trusts the deployed service. */
export function authTokenBlock(auth: DeployedRegistryAuth, rootCertBundle: string): string {
  return authTokenYaml({ realm: auth.realm, service: auth.service, issuer: auth.issuer, rootCertBundle });
}
