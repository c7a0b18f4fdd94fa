import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { FilterPattern, LogGroup, QueryDefinition, QueryString, RetentionDays, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SHARE_CHANGE_TYPES, TOKEN_GRANT_TYPE } from '../../lambda/audit/AuditEvent.js';
import { ENV } from '../../lambda/environment.js';
import { ServiceFunction } from './ServiceFunction.js';

/** What picks an audit event out of a function's log: a JSON line with a top-level `audit` field. */
export const AUDIT_FILTER_PATTERN = '{ $.audit = * }';

/** The placeholders of the saved queries, to be replaced before running one. */
export const QUERY_PLACEHOLDERS = { repository: 'NAMESPACE/REPOSITORY', account: 'ACCOUNT' } as const;

export interface AuditLogProps {
  /** The log groups whose audit events are kept: the operation functions'. */
  sources: Record<string, LogGroup>;
  /** How long the forwarder's own (debug) log is kept. */
  forwarderLogRetention: RetentionDays;
}

/**
 * The audit log on AWS, where the functions' audit trail ends: audit events are log lines of
 * the functions (a JSON object with a top-level `audit` field), which keep their logs one
 * month. A subscription filter on each function's log group hands those lines, and only
 * those, to a small forwarder function (lambda/auditForwarder/) that writes them, at their
 * own time, to a log group of their own, kept a year and kept when the stack is deleted. A
 * batch the forwarder still fails to write after Lambda's retries is kept in a queue for 14
 * days, to be replayed (docs/operating.md: "If a batch fails"). The saved Logs Insights
 * queries answer the usual questions on it.
 */
export class AuditLog extends Construct {
  readonly logGroup: LogGroup;
  readonly forwarder: ServiceFunction;
  /** The invocations (batches of audit events) the forwarder failed, each with its event. */
  readonly failedBatches: Queue;
  readonly queries: QueryDefinition[];

  constructor(scope: Construct, id: string, props: AuditLogProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      // The trail must outlive the stack: deleting or replacing it leaves the group and its events.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.forwarder = new ServiceFunction(this, 'Forwarder', {
      entry: 'functions/auditForwarder.ts',
      logicalId: 'AuditForwarderFunction',
      environment: { [ENV.auditLogGroupName]: this.logGroup.logGroupName },
      logRetention: props.forwarderLogRetention,
    });
    // CreateLogStream and PutLogEvents on the audit group; nothing else beyond its own log.
    this.logGroup.grantWrite(this.forwarder.role);

    // CloudWatch Logs invokes the forwarder asynchronously: Lambda retries a failed batch
    // twice, then sends the invocation, event included, to this queue (14 days: SQS's most).
    this.failedBatches = new Queue(this, 'FailedBatches', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.forwarder.function.configureAsyncInvoke({ onFailure: new SqsDestination(this.failedBatches), retryAttempts: 2 });
    Validations.of(this.failedBatches).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "It is a dead-letter queue: the audit forwarder's on-failure destination, where Lambda puts an invocation " +
        'it gave up on. Nothing consumes it but an operator replaying a batch, so it needs no queue of its own behind it.',
    });

    const destination = new LambdaDestination(this.forwarder.function);
    for (const [name, logGroup] of Object.entries(props.sources)) {
      new SubscriptionFilter(this, `From${name[0]!.toUpperCase()}${name.slice(1)}`, {
        logGroup,
        destination,
        filterPattern: FilterPattern.literal(AUDIT_FILTER_PATTERN),
        filterName: 'audit-events',
      });
    }

    this.queries = auditQueries(this, this.logGroup);
  }
}

/**
 * The saved Logs Insights queries on the audit group, in a folder named after the stack. Logs
 * Insights has no parameters: each query names a placeholder (QUERY_PLACEHOLDERS) to replace
 * before running it, which matches nothing as it stands.
 */
function auditQueries(scope: Construct, logGroup: LogGroup): QueryDefinition[] {
  const folder = Stack.of(scope).stackName;
  const { repository, account } = QUERY_PLACEHOLDERS;
  const query = (id: string, name: string, queryString: QueryString) =>
    new QueryDefinition(scope, id, { queryDefinitionName: `${folder}/${name}`, queryString, logGroups: [logGroup] });
  const terms = ['permit', 'deadline', 'description'];
  return [
    query(
      'RepositoryChanges',
      'Changes to a repository',
      new QueryString({
        fields: [
          '@timestamp',
          'audit',
          'sharedWith',
          'account',
          'user',
          'credential',
          'accessKeyId',
          ...terms.map((term) => `before.${term}`),
          ...terms.map((term) => `after.${term}`),
          'requestId',
        ],
        filterStatements: [`audit in ${JSON.stringify(SHARE_CHANGE_TYPES)}`, `repository = "${repository}"`],
        sort: '@timestamp desc',
        limit: 10_000,
      }),
    ),
    query(
      'AccountActivity',
      'Everything an account did',
      new QueryString({
        fields: [
          '@timestamp',
          'audit',
          'repository',
          'sharedWith',
          'user',
          'credential',
          'accessKeyId',
          'shareDeadline',
          'requestId',
          '@message',
        ],
        filterStatements: [`account = "${account}"`],
        sort: '@timestamp desc',
        limit: 10_000,
      }),
    ),
    query(
      'PullsThroughShares',
      'Pulls through shares of a repository',
      new QueryString({
        fields: ['@timestamp', 'account', 'user', 'shareDeadline', 'requestId'],
        filterStatements: [`audit = "${TOKEN_GRANT_TYPE}"`, `repository = "${repository}"`],
        sort: '@timestamp desc',
        limit: 10_000,
      }),
    ),
    query(
      'LastPullThroughEachShare',
      'Last pull through each share, oldest first',
      new QueryString({
        filterStatements: [`audit = "${TOKEN_GRANT_TYPE}"`],
        statsStatements: ['max(@timestamp) as lastPull, count(*) as tokens by repository, account'],
        sort: 'lastPull asc',
      }),
    ),
    query(
      'PullsThroughSharesByDay',
      'Pulls through shares of a repository, per account and day',
      new QueryString({
        filterStatements: [`audit = "${TOKEN_GRANT_TYPE}"`, `repository = "${repository}"`],
        statsStatements: ['count(*) as tokens by account, bin(1d)'],
      }),
    ),
  ];
}
