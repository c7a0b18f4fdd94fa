import { CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CATALOG, OPERATIONS, type Operation } from '../lambda/operations/catalog.js';
import { SharesApi, type Throttling } from './constructs/SharesApi.js';
import { ShareFunction } from './constructs/ShareFunction.js';
import { SharesTable } from './constructs/SharesTable.js';

export interface SharesStackProps extends StackProps {
  /** The API stage's limits; default 50 requests/s steady, bursts of 100. */
  throttling?: Throttling;
  /** How long logs are kept; default one month. */
  logRetention?: RetentionDays;
  /** The stage, the first segment of the API URL's path; default `prod`. */
  stageName?: string;
}

function byOperation<T>(make: (operation: Operation) => T): Record<Operation, T> {
  return Object.fromEntries(OPERATIONS.map((operation) => [operation, make(operation)])) as Record<Operation, T>;
}

/** The token verification settings and the retention window, given at deploy time. */
function deployInputs(stack: Stack) {
  const tokenIssuer = new CfnParameter(stack, 'TokenIssuer', {
    description: 'The `iss` every X-Auth-Token must carry',
    minLength: 1,
  });
  const tokenAudience = new CfnParameter(stack, 'TokenAudience', {
    description: 'The `aud` every X-Auth-Token must carry',
    minLength: 1,
  });
  const tokenJwksUrl = new CfnParameter(stack, 'TokenJwksUrl', {
    description: "The issuer's public keys (a JWKS document), fetched over HTTPS",
    allowedPattern: '^https://\\S+$',
    constraintDescription: 'must be an https:// URL',
  });
  const retentionDays = new CfnParameter(stack, 'ShareRetentionDays', {
    type: 'Number',
    description: 'Days an expired share stays visible (status false) before TTL removes it',
    default: 30,
    minValue: 0,
    maxValue: 3650,
  });
  return {
    TOKEN_ISSUER: tokenIssuer.valueAsString,
    TOKEN_AUDIENCE: tokenAudience.valueAsString,
    TOKEN_JWKS_URL: tokenJwksUrl.valueAsString,
    SHARE_RETENTION_DAYS: retentionDays.valueAsString,
  };
}

/**
 * The whole service: the shares table, one function per operation, each allowed only its
 * own kind of table access, and the REST API in front of them.
 */
export class SharesStack extends Stack {
  readonly table: SharesTable;
  readonly functions: Record<Operation, ShareFunction>;
  readonly api: SharesApi;

  constructor(scope: Construct, id: string, props: SharesStackProps = {}) {
    super(scope, id, {
      description: 'SWR access-domains (image sharing) API: API Gateway, Lambda, DynamoDB',
      ...props,
    });
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const environment = {
      ...deployInputs(this),
      // Declared, empty, so that `sam local invoke --env-vars` may set them (SAM only
      // overrides variables the template declares); on AWS they stay unset.
      DYNAMODB_ENDPOINT: '',
      TOKEN_JWKS: '',
    };

    this.table = new SharesTable(this, 'Shares');
    this.functions = byOperation((operation) => {
      const shareFunction = new ShareFunction(this, operation, { operation, environment, logRetention });
      this.table.bind(shareFunction.function, CATALOG[operation].table);
      return shareFunction;
    });
    this.api = new SharesApi(this, 'Api', {
      functions: byOperation((operation) => this.functions[operation].function),
      stageName: props.stageName ?? 'prod',
      throttling: props.throttling ?? { rateLimit: 50, burstLimit: 100 },
      logRetention,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the API (with the stage)', value: this.api.api.url });
    new CfnOutput(this, 'TableName', { description: 'The shares table', value: this.table.tableName });
  }
}
