import { CustomResource, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { SigningKeyAction } from '../../lambda/operations/catalog.js';
import { ENV } from '../../lambda/environment.js';
import { ServiceFunction } from './ServiceFunction.js';

/**
 * What the account's administrators may do with the key through IAM: manage it, read its
 * public half, and grant a use of it (how `npm run registry-cert` signs the certificate
 * once, with a grant it retires at once). Not Sign: the key's policy lets no one sign
 * standing but the functions bound to it.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:GetKeyPolicy',
  'kms:GetPublicKey',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** The one algorithm registry tokens (ES256) are signed with. */
const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

export interface RegistrySigningKeyProps {
  logRetention: RetentionDays;
}

/**
 * The registry root key: a KMS asymmetric P-256 key, so the private key never exists
 * outside KMS; whoever could sign with it could certify a key of their own and so pull and
 * push every image. The token function signs with it once per short-lived key, never per
 * token. It is
 * kept when the stack is deleted (a new key would need a new certificate in every
 * registry's bundle). A deploy-time custom resource reads its public half once, so that
 * the token function needs no right on the key but kms:Sign.
 */
export class RegistrySigningKey extends Construct {
  readonly key: Key;
  /** The SubjectPublicKeyInfo, DER, base64 (a deploy-time value). */
  readonly publicKey: string;
  /** The libtrust id of the root key, for checking a certificate against it (a deploy-time value). */
  readonly rootKeyId: string;

  constructor(scope: Construct, id: string, props: RegistrySigningKeyProps) {
    super(scope, id);
    const administration = new PolicyStatement({
      sid: 'KeyAdministrationThroughIam',
      principals: [new AccountRootPrincipal()],
      actions: KEY_ADMINISTRATION_ACTIONS,
      resources: ['*'],
    });
    this.key = new Key(this, 'Key', {
      description: 'Certifies the short-lived keys that sign registry tokens for the SWR access-domains token service',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      // Given, so CDK does not add its default statement: kms:* for the whole account.
      policy: new PolicyDocument({ statements: [administration] }),
    });

    const reader = new ServiceFunction(this, 'PublicKeyReader', {
      entry: 'functions/signingPublicKey.ts',
      logicalId: 'SigningPublicKeyFunction',
      environment: {},
      logRetention: props.logRetention,
    });
    reader.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [this.key.keyArn] }));
    const publicKey = new CustomResource(this, 'PublicKey', {
      serviceToken: reader.function.functionArn,
      resourceType: 'Custom::RegistrySigningPublicKey',
      properties: { KeyId: this.key.keyArn },
    });
    this.publicKey = publicKey.getAttString('PublicKey');
    this.rootKeyId = publicKey.getAttString('KeyId');
  }

  /**
   * Lets one function take these actions with the key, ES256 only: in the key's policy
   * (which names no one else for them) and in the function's role; and tells the function
   * the key's ARN and public half.
   */
  bind(fn: ServiceFunction, actions: readonly SigningKeyAction[]): void {
    if (actions.length === 0) return;
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: `Sign${fn.node.id[0]!.toUpperCase()}${fn.node.id.slice(1)}`,
        principals: [fn.role],
        actions: [...actions],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:SigningAlgorithm': SIGNING_ALGORITHM } },
      }),
    );
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.key.keyArn] }));
    fn.function.addEnvironment(ENV.registrySigningKeyArn, this.key.keyArn);
    fn.function.addEnvironment(ENV.registrySigningPublicKey, this.publicKey);
  }
}
