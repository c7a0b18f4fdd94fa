import { RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ENV } from '../../lambda/environment.js';
import type { SealingKeyAction } from '../../lambda/operations/catalog.js';
import { KEY_ADMINISTRATION_ACTIONS } from './RegistrySigningKey.js';
import type { ServiceFunction } from './ServiceFunction.js';

/**
 * The key that seals access key secrets (KMS symmetric, rotated yearly, kept when the stack
 * is deleted: without it no stored key could be used again). Its policy lets the account
 * administer it through IAM, and names each function for exactly its catalog actions:
 * Decrypt for all (verifying signatures), Encrypt for the one that creates keys, always
 * under an encryption context that carries the access key id.
 */
export class AccessKeySealingKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const administration = new PolicyStatement({
      sid: 'KeyAdministrationThroughIam',
      principals: [new AccountRootPrincipal()],
      actions: KEY_ADMINISTRATION_ACTIONS.filter((action) => action !== 'kms:GetPublicKey'),
      resources: ['*'],
    });
    this.key = new Key(this, 'Key', {
      description: 'Seals the secrets of access keys (AK/SK) of the SWR access-domains API',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Given, so CDK does not add its default statement: kms:* for the whole account.
      policy: new PolicyDocument({ statements: [administration] }),
    });
  }

  /** Lets one function take these actions with the key (policy and role), and names it. */
  bind(fn: ServiceFunction, actions: readonly SealingKeyAction[]): void {
    if (actions.length === 0) return;
    const conditions = { Null: { 'kms:EncryptionContext:accessKey': 'false' } };
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: `Seal${fn.node.id[0]!.toUpperCase()}${fn.node.id.slice(1)}`,
        principals: [fn.role],
        actions: [...actions],
        resources: ['*'],
        conditions,
      }),
    );
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [this.key.keyArn], conditions }));
    fn.function.addEnvironment(ENV.accessKeySealingKeyArn, this.key.keyArn);
  }
}
