import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ENV } from '../../lambda/environment.js';
import { INDEXES, TableDesign } from '../../lambda/store/tableDesign.js';

const string = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The service's one table (lambda/store/tableDesign.ts): the shares, each repository's
 * roster, the access keys. Its construct id stays `Shares`, so its logical id does too. It
 * holds the only copy of who may pull what, so it is recoverable to any second of the last
 * 35 days, cannot be deleted by an API call, and stays when the stack is deleted. Expired
 * shares are removed by TTL.
 */
export class ServiceTable extends Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: string(TableDesign.partitionKey),
      sortKey: string(TableDesign.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TableDesign.ttlAttribute,
    });
    for (const index of INDEXES) {
      this.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /**
   * Gives a function the table's name and the given actions on the table itself, or on
   * the named indexes only. Not `grant()`: that covers the table and every index at once.
   */
  bind(fn: LambdaFunction, access: { actions: readonly string[]; indexes: readonly string[] }): void {
    fn.addEnvironment(ENV.tableName, this.tableName);
    const resources = access.indexes.length > 0 ? access.indexes.map((index) => `${this.tableArn}/index/${index}`) : [this.tableArn];
    fn.addToRolePolicy(new PolicyStatement({ actions: [...access.actions], resources }));
  }
}
