import { CfnOutput, CfnParameter, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_RETENTION_DAYS } from '../lambda/domain/deadline.js';
import { DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY } from '../lambda/runtime/config.js';
import { OPERATIONS, type Operation, sealingKeyActions, signingKeyActions, tableGrants } from '../lambda/operations/catalog.js';
import { REGISTRY_TOKEN_PATH } from '../lambda/operations/paths.js';
import {
  DEFAULT_REGISTRY_SERVICE,
  DEFAULT_REGISTRY_TOKEN_ISSUER,
  MAX_REGISTRY_TOKEN_LIFETIME_SECONDS,
  MIN_REGISTRY_TOKEN_LIFETIME_SECONDS,
} from '../lambda/registry/defaults.js';
import { ENV } from '../lambda/environment.js';
import { REGISTRY_LEEWAY_SECONDS } from '../lambda/registry/ShortLivedSigningKeys.js';
import { RegistryService } from './constructs/RegistryService.js';
import { RegistrySigningKey } from './constructs/RegistrySigningKey.js';
import { AccessKeySealingKey } from './constructs/AccessKeySealingKey.js';
import { AuditLog } from './constructs/AuditLog.js';
import { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS, ServiceAlarms } from './constructs/ServiceAlarms.js';
import { ServiceDashboard } from './constructs/ServiceDashboard.js';
import { DEFAULT_THROTTLING, ServiceApi, type Throttling } from './constructs/ServiceApi.js';
import { ConsoleRoutes } from './constructs/ConsoleRoutes.js';
import { CONSOLE_PATH } from './console/consolePage.js';
import { functionLogicalId, operationEntry, ServiceFunction } from './constructs/ServiceFunction.js';
import { ServiceTable } from './constructs/ServiceTable.js';

export interface AccessDomainsStackProps extends StackProps {
  /** The API stage's limits; default {@link DEFAULT_THROTTLING}. */
  throttling?: Throttling;
  /** How long logs are kept; default one month. */
  logRetention?: RetentionDays;
  /** The stage, the first segment of the API URL's path; default `prod`. */
  stageName?: string;
  /** The alarms' thresholds; defaults (and their reasons) in DEFAULT_ALARM_THRESHOLDS. */
  alarmThresholds?: AlarmThresholds;
  /** An email address subscribed to the alarm topic; none by default. */
  alarmEmail?: string;
  /** Whether the stack runs the registry too (RegistryService); off by default. */
  registry?: boolean;
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
    default: DEFAULT_RETENTION_DAYS,
    minValue: 0,
    maxValue: 3650,
  });
  const maxAccounts = new CfnParameter(stack, 'MaxAccountsPerRepository', {
    type: 'Number',
    description: 'The most accounts one repository may be shared with at once (SWR: 500)',
    default: DEFAULT_MAX_ACCOUNTS_PER_REPOSITORY,
    minValue: 1,
    // The roster item of a repository names each account: at 64 characters each, 4,000 fit well within an item's 400 KB.
    maxValue: 4000,
  });
  return {
    [ENV.tokenIssuer]: tokenIssuer.valueAsString,
    [ENV.tokenAudience]: tokenAudience.valueAsString,
    [ENV.tokenJwksUrl]: tokenJwksUrl.valueAsString,
    [ENV.shareRetentionDays]: retentionDays.valueAsString,
    [ENV.maxAccountsPerRepository]: maxAccounts.valueAsString,
  };
}

/** The registry's names (what its `auth.token` block must say) and the tokens' lifetime. */
function registryInputs(stack: Stack) {
  const service = new CfnParameter(stack, 'RegistryService', {
    description: "The registry's `service` name: the `aud` of every registry token",
    default: DEFAULT_REGISTRY_SERVICE,
    minLength: 1,
  });
  const issuer = new CfnParameter(stack, 'RegistryTokenIssuer', {
    description: "The `iss` of every registry token: the registry's `issuer`",
    default: DEFAULT_REGISTRY_TOKEN_ISSUER,
    minLength: 1,
  });
  const lifetime = new CfnParameter(stack, 'RegistryTokenLifetimeSeconds', {
    type: 'Number',
    description: `How long a registry token lives; a revoked share stops pulls at most this long (plus ${REGISTRY_LEEWAY_SECONDS} s) later`,
    default: MAX_REGISTRY_TOKEN_LIFETIME_SECONDS,
    // The same bounds as the variable's (registry/defaults.ts says why).
    minValue: MIN_REGISTRY_TOKEN_LIFETIME_SECONDS,
    maxValue: MAX_REGISTRY_TOKEN_LIFETIME_SECONDS,
  });
  return {
    [ENV.registryService]: service.valueAsString,
    [ENV.registryTokenIssuer]: issuer.valueAsString,
    [ENV.registryTokenLifetimeSeconds]: lifetime.valueAsString,
  };
}

/** What the registry the stack runs adds to the outputs. */
function registryOutputs(stack: Stack, registry: RegistryService) {
  new CfnOutput(stack, 'RegistryHost', {
    description: 'The registry: docker login / skopeo login to it, image paths start with it',
    value: registry.host,
  });
  new CfnOutput(stack, 'RegistryLoadBalancerDnsName', {
    description: "Where RegistryHost's DNS record (CNAME or alias) must point",
    value: registry.loadBalancer.loadBalancerDnsName,
  });
  new CfnOutput(stack, 'RegistryBucketName', {
    description: "The registry's images (kept when the stack is deleted)",
    value: registry.bucket.bucketName,
  });
  new CfnOutput(stack, 'RegistryRootCertificateParameterName', {
    description: 'The SSM parameter holding the root certificate registries trust tokens by (any other registry may use it too)',
    value: registry.rootCertificate.parameterName,
  });
}

/**
 * The whole service: its table (shares, rosters, access keys), one function per operation,
 * each allowed only its own kind of table access, the registry token signing key, which only
 * the token functions may use, the key that seals access key secrets, and the REST API in
 * front of them. The construct ids (`Shares`, `Api`, each operation's name) are what the
 * logical ids are made of: renaming one would replace the deployed resource.
 */
export class AccessDomainsStack extends Stack {
  readonly table: ServiceTable;
  readonly signingKey: RegistrySigningKey;
  readonly sealingKey: AccessKeySealingKey;
  readonly functions: Record<Operation, ServiceFunction>;
  readonly api: ServiceApi;
  readonly console: ConsoleRoutes;
  readonly audit: AuditLog;
  readonly alarms: ServiceAlarms;
  readonly dashboard: ServiceDashboard;
  readonly registry: RegistryService | undefined;

  constructor(scope: Construct, id: string, props: AccessDomainsStackProps = {}) {
    super(scope, id, {
      description: 'SWR access-domains (image sharing) API: API Gateway, Lambda, DynamoDB',
      ...props,
    });
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const environment = {
      ...deployInputs(this),
      // Declared, empty, so that `sam local invoke --env-vars` may set them (SAM only
      // overrides variables the template declares); on AWS they stay unset.
      [ENV.dynamodbEndpoint]: '',
      [ENV.tokenJwks]: '',
    };

    const registry = registryInputs(this);

    this.table = new ServiceTable(this, 'Shares');
    this.signingKey = new RegistrySigningKey(this, 'RegistrySigningKey', { logRetention });
    this.sealingKey = new AccessKeySealingKey(this, 'AccessKeySealingKey');
    this.functions = byOperation((operation) => {
      const signs = signingKeyActions(operation).length > 0;
      const operationFunction = new ServiceFunction(this, operation, {
        entry: operationEntry(operation),
        logicalId: functionLogicalId(operation),
        // Declared empty, as DYNAMODB_ENDPOINT, for a local KMS stand-in.
        environment: signs ? { ...environment, ...registry, [ENV.kmsEndpoint]: '' } : environment,
        logRetention,
        tracing: Tracing.ACTIVE,
      });
      for (const grant of tableGrants(operation)) this.table.bind(operationFunction.function, grant);
      this.signingKey.bind(operationFunction, signingKeyActions(operation));
      this.sealingKey.bind(operationFunction, sealingKeyActions(operation));
      return operationFunction;
    });
    this.api = new ServiceApi(this, 'Api', {
      functions: byOperation((operation) => this.functions[operation].function),
      stageName: props.stageName ?? 'prod',
      throttling: props.throttling ?? DEFAULT_THROTTLING,
      logRetention,
    });
    // The web console, on the API's own origin: <ApiUrl>console/.
    this.console = new ConsoleRoutes(this, 'Console', {
      api: this.api.api,
      maxAccountsPerRepository: environment[ENV.maxAccountsPerRepository],
    });

    // Operating it: the audit trail (a year), the alarms (one topic), one dashboard.
    this.audit = new AuditLog(this, 'Audit', {
      sources: byOperation((operation) => this.functions[operation].logGroup),
      forwarderLogRetention: logRetention,
    });
    const watched = { ...byOperation((operation) => this.functions[operation].function), auditForwarder: this.audit.forwarder.function };
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      functions: watched,
      stage: this.api.api.deploymentStage,
      table: this.table,
      failedAuditBatches: this.audit.failedBatches,
      thresholds: props.alarmThresholds ?? DEFAULT_ALARM_THRESHOLDS,
      ...(props.alarmEmail && { email: props.alarmEmail }),
    });
    const realm = Fn.join('', [this.api.api.url, REGISTRY_TOKEN_PATH.slice(1)]);
    this.registry = props.registry
      ? new RegistryService(this, 'Registry', {
          signingKey: this.signingKey,
          realm,
          service: registry[ENV.registryService],
          issuer: registry[ENV.registryTokenIssuer],
          logRetention,
          alarms: this.alarms,
          thresholds: props.alarmThresholds ?? DEFAULT_ALARM_THRESHOLDS,
        })
      : undefined;
    // The image paths the API shows (and the console's pull commands) name the stack's own registry.
    if (this.registry) this.functions.listSharedRepositories.function.addEnvironment(ENV.registryAddress, this.registry.host);
    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      functions: watched,
      stage: this.api.api.deploymentStage,
      table: this.table,
      alarms: this.alarms.alarms,
      auditLogGroup: this.audit.logGroup,
      ...(this.registry && { moreRows: this.registry.dashboardRows }),
    });

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the API (with the stage)', value: this.api.api.url });
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'The web console, on the API origin',
      value: `${this.api.api.url}${CONSOLE_PATH.slice(1)}/`,
    });
    new CfnOutput(this, 'TableName', { description: 'The shares table', value: this.table.tableName });
    new CfnOutput(this, 'RegistryAuthRealm', {
      description: "The registry's auth.token `realm`: the token service's URL",
      value: realm,
    });
    new CfnOutput(this, 'RegistryAuthService', {
      description: "The registry's auth.token `service`",
      value: registry[ENV.registryService],
    });
    new CfnOutput(this, 'RegistryAuthIssuer', {
      description: "The registry's auth.token `issuer`",
      value: registry[ENV.registryTokenIssuer],
    });
    new CfnOutput(this, 'RegistrySigningKeyArn', {
      description:
        "The registry root key in KMS: it certifies the token function's short-lived signing keys (npm run registry-cert makes its certificate)",
      value: this.signingKey.key.keyArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'The SNS topic every alarm notifies (subscribe to it: email, chat, paging)',
      value: this.alarms.topic.topicArn,
    });
    new CfnOutput(this, 'AuditLogGroupName', {
      description: 'The audit trail: share changes and token grants through shares, kept a year',
      value: this.audit.logGroup.logGroupName,
    });
    new CfnOutput(this, 'AuditFailedBatchesQueueUrl', {
      description: 'Batches of audit events the forwarder failed to write, kept 14 days to be replayed',
      value: this.audit.failedBatches.queueUrl,
    });
    new CfnOutput(this, 'AuditForwarderFunctionName', {
      description: 'The function that copies audit events to the audit log group (replays a failed batch)',
      value: this.audit.forwarder.function.functionName,
    });
    new CfnOutput(this, 'DashboardName', { description: 'The CloudWatch dashboard', value: this.dashboard.dashboard.dashboardName });
    new CfnOutput(this, 'RegistryRootKeyId', {
      description: 'The libtrust id of the root key, which npm run registry-cert checks the key against',
      value: this.signingKey.rootKeyId,
    });
    if (this.registry) registryOutputs(this, this.registry);
  }
}
