import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, type IMetric, MathExpression, Metric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { OPERATIONS } from '../../lambda/operations/catalog.js';
import { INDEXES } from '../../lambda/store/tableDesign.js';
import { KEY_ADMINISTRATION_ACTIONS } from './RegistrySigningKey.js';
import type { ServiceTable } from './ServiceTable.js';
import { METRIC_PERIOD, serviceMetrics, TOKEN_OPERATIONS } from './serviceMetrics.js';

/**
 * The alarms' thresholds. Each is a CDK context value of the same name
 * (`cdk deploy -c alarm5xxRatePercent=2`); the defaults below say why they are what they are.
 * Counts are per 5-minute period.
 */
export interface AlarmThresholds {
  alarm5xxRatePercent: number;
  alarm5xxMinCount: number;
  alarmApiThrottles: number;
  alarmTableThrottleEvents: number;
  alarmStoreThrottles: number;
  alarmKmsThrottles: number;
  alarmFunctionErrors: number;
  alarmFunctionThrottles: number;
  alarmTokenP99Ms: number;
  alarmTokenMinRequests: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  /**
   * 1 %: a 5xx is always the service's fault (a client's mistake is a 4xx), and the functions
   * turn every failure they see into one; in normal operation there are none, so one request
   * in a hundred failing for 10 minutes is an outage for somebody, not noise.
   */
  alarm5xxRatePercent: 1,
  /**
   * 3: the rate is only judged once at least 3 requests of the period failed, so that one
   * stray failure among a handful of night-time requests (1 of 5 = 20 %) does not page, while
   * an operation that fails every time still does as soon as it is called 3 times.
   */
  alarm5xxMinCount: 3,
  /**
   * 10: a client that bursts past the stage's limit is refused a few times and retries; that
   * is the limit working. Ten or more refusals in each of two periods out of three is demand
   * the limit does not fit (raise throttleRateLimit/throttleBurstLimit) or a client to find.
   */
  alarmApiThrottles: 10,
  /**
   * 5: an on-demand table throttles briefly when traffic doubles past its previous peak or one
   * key is hot; the SDK retries those (and StoreErrors counts what retrying did not save).
   * Sustained throttle events mean a hot partition or the table's account limits.
   */
  alarmTableThrottleEvents: 5,
  /**
   * 1: each is a request that failed (answered 5xx) because DynamoDB still throttled after the
   * SDK's retry: a caller saw it. Alarmed when it keeps happening (two periods out of three).
   */
  alarmStoreThrottles: 1,
  /**
   * 1: the token functions call KMS once per container per hour (certifying their signing
   * key) and access keys are unsealed with it; a throttled call that retrying did not save is
   * a failed token or key check, and KMS's shared per-account quota is the likely cause.
   */
  alarmKmsThrottles: 1,
  /**
   * 1: the functions answer every failure they can see themselves, so Lambda counts an error
   * only for a crash, an out-of-memory or a timeout (the AWS calls give up within 4.5 s of the
   * 10 s timeout): none should ever happen, one is worth a look. For the audit forwarder, an
   * error is a batch of audit events not (yet) written.
   */
  alarmFunctionErrors: 1,
  /**
   * 1: a request Lambda refused to run a function for (the account's concurrency, which every
   * function of the account and region shares, is used up) is answered 500 by API Gateway,
   * and the function, never started, cannot count it: a caller saw each one. Alarmed when it
   * keeps happening (two periods out of three); the token functions apart, as a fleet's pulls
   * are what they refuse.
   */
  alarmFunctionThrottles: 1,
  /**
   * 500 ms: a warm token request is at most a GetItem and a local ES256 signature (a few ms;
   * bench/RESULTS.md part 6: p99 under 20 ms locally); the slow paths are rare (a cold
   * container's JWKS fetch, the hourly KMS certificate, ~15–50 ms). Every pull waits for a
   * token: a p99 over half a second for 15 minutes means a dependency (DynamoDB, KMS, the
   * issuer's JWKS) is slow, long before a registry client times out.
   */
  alarmTokenP99Ms: 500,
  /**
   * 50: a p99 of a few requests is their slowest one, which a single cold start can be; the
   * latency alarm only judges periods with at least 50 token requests of that operation.
   */
  alarmTokenMinRequests: 50,
};

/** Rates, throttles, latency: alarmed when 2 (3 for latency) of the last 3 periods of 5 minutes breach. */
export const SUSTAINED = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
const SUSTAINED_LATENCY = { evaluationPeriods: 3, datapointsToAlarm: 3 } as const;
/** Function errors: one period is enough. */
export const AT_ONCE = { evaluationPeriods: 1, datapointsToAlarm: 1 } as const;

export interface ServiceAlarmsProps {
  /** Every function whose errors are alarmed, by a name for the alarm (an operation, `auditForwarder`). */
  functions: Record<string, IFunction>;
  stage: Stage;
  table: ServiceTable;
  /** Where the audit forwarder's failed batches wait (AuditLog). */
  failedAuditBatches: IQueue;
  thresholds: AlarmThresholds;
  /** An address subscribed to the topic by email (it must confirm); none by default. */
  email?: string;
}

export interface AlarmSpec {
  metric: IMetric;
  threshold: number;
  evaluation: { evaluationPeriods: number; datapointsToAlarm: number };
  description: string;
}

/**
 * The service's alarms, each notifying one SNS topic when it goes into ALARM and back to OK.
 * The topic is encrypted with a key of its own (CloudWatch cannot publish to a topic that
 * uses the AWS managed SNS key) and takes only TLS requests. docs/operating.md
 * says what each alarm means and what to do.
 */
export class ServiceAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.topic = alarmTopic(this);
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    const t = props.thresholds;

    for (const operation of OPERATIONS) {
      this.alarm(`${operation}5xxRate`, {
        metric: serverErrorRate(operation, t),
        threshold: t.alarm5xxRatePercent,
        evaluation: SUSTAINED,
        description: `At least ${t.alarm5xxRatePercent} % of ${operation} requests answered 5xx (at least ${t.alarm5xxMinCount} in 5 minutes), in 2 of 3 periods.`,
      });
    }
    this.alarm('Api5xxRate', {
      metric: gatewayServerErrorRate(props.stage, t),
      threshold: t.alarm5xxRatePercent,
      evaluation: SUSTAINED,
      description:
        `At least ${t.alarm5xxRatePercent} % of all API requests answered 5xx by API Gateway, the functions' own 5xx included ` +
        '(a function that crashed or timed out answers through API Gateway alone), in 2 of 3 periods.',
    });
    this.alarm('ApiThrottles', {
      metric: serviceMetrics.apiThrottles(),
      threshold: t.alarmApiThrottles,
      evaluation: SUSTAINED,
      description: `At least ${t.alarmApiThrottles} requests in 5 minutes refused with 429 by the stage's throttling, in 2 of 3 periods.`,
    });
    this.alarm('TableThrottles', {
      metric: tableThrottleEvents(props.table),
      threshold: t.alarmTableThrottleEvents,
      evaluation: SUSTAINED,
      description: `At least ${t.alarmTableThrottleEvents} DynamoDB throttle events in 5 minutes on the table and its indexes, in 2 of 3 periods.`,
    });
    this.alarm('StoreThrottles', {
      metric: serviceMetrics.storeErrors('throttle'),
      threshold: t.alarmStoreThrottles,
      evaluation: SUSTAINED,
      description: `At least ${t.alarmStoreThrottles} requests in 5 minutes failed because DynamoDB throttled after the SDK's retries, in 2 of 3 periods.`,
    });
    this.alarm('KmsThrottles', {
      metric: serviceMetrics.kmsErrors('throttle'),
      threshold: t.alarmKmsThrottles,
      evaluation: SUSTAINED,
      description: `At least ${t.alarmKmsThrottles} KMS calls in 5 minutes failed because KMS throttled after the SDK's retries, in 2 of 3 periods.`,
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, {
        metric: fn.metricErrors({ statistic: Stats.SUM, period: METRIC_PERIOD }),
        threshold: t.alarmFunctionErrors,
        evaluation: AT_ONCE,
        description: `The ${name} function failed at least ${t.alarmFunctionErrors} time(s) in 5 minutes (crash, out of memory or timeout).`,
      });
    }
    // Any batch there is audit events not in the trail yet: one is worth a look, whatever the thresholds.
    this.alarm('AuditBatchesFailed', {
      metric: props.failedAuditBatches.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period: METRIC_PERIOD }),
      threshold: 1,
      evaluation: AT_ONCE,
      description: 'At least one batch of audit events that the forwarder failed to write, after retries, waits in the failed-batch queue.',
    });
    const tokenFunctions = TOKEN_OPERATIONS.map((operation) => props.functions[operation]!);
    const otherFunctions = OPERATIONS.filter((operation) => !TOKEN_OPERATIONS.includes(operation)).map(
      (operation) => props.functions[operation]!,
    );
    for (const [id, functions, which] of [
      ['TokenFunctionThrottles', tokenFunctions, 'token requests'],
      ['FunctionThrottles', otherFunctions, 'requests of the other operations'],
    ] as const) {
      this.alarm(id, {
        metric: throttlesOf(functions),
        threshold: t.alarmFunctionThrottles,
        evaluation: SUSTAINED,
        description: `At least ${t.alarmFunctionThrottles} ${which} in 5 minutes that Lambda refused to run (concurrency used up), in 2 of 3 periods.`,
      });
    }
    for (const operation of TOKEN_OPERATIONS) {
      this.alarm(`${operation}LatencyP99`, {
        metric: tokenLatencyP99(operation, t),
        threshold: t.alarmTokenP99Ms,
        evaluation: SUSTAINED_LATENCY,
        description: `The p99 latency of ${operation} was at least ${t.alarmTokenP99Ms} ms (periods of at least ${t.alarmTokenMinRequests} requests) for 15 minutes.`,
      });
    }
  }

  /** One more alarm on the topic (the service's own, or a part's such as the registry's). */
  alarm(id: string, spec: AlarmSpec): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: `${spec.description} What to do: docs/operating.md, "On AWS: the alarms".`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...spec.evaluation,
      // No traffic, no data: nothing is failing.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}

/** The topic every alarm notifies, and its key. */
function alarmTopic(scope: Construct): Topic {
  const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
  const fromOwnAlarms = {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
  };
  const key = new Key(scope, 'TopicKey', {
    description: 'Encrypts the SWR access-domains alarm topic',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
    // Given, so CDK does not add its default statement: kms:* for the whole account.
    policy: new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'KeyAdministrationThroughIam',
          principals: [new AccountRootPrincipal()],
          actions: KEY_ADMINISTRATION_ACTIONS.filter((action) => action !== 'kms:GetPublicKey'),
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'AlarmsPublish',
          principals: [cloudWatch],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: fromOwnAlarms,
        }),
        // So that an operator allowed by IAM can publish a test message (through SNS only).
        new PolicyStatement({
          sid: 'PublishThroughSnsByIam',
          principals: [new AccountRootPrincipal()],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
        }),
      ],
    }),
  });
  const topic = new Topic(scope, 'Topic', {
    displayName: 'SWR access-domains alarms',
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AlarmsPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromOwnAlarms,
    }),
  );
  return topic;
}

/**
 * The share of one operation's answers that were 5xx, in %, judged only in periods with at
 * least `alarm5xxMinCount` of them (else 0). Per operation, not for the whole API: the token
 * endpoint carries most of the traffic and would drown a management operation that fails
 * every time; each function fails in its own ways, and the alarm's name then says which.
 * (A whole-API rate from these metrics would also need 36 of them: an alarm takes 10.)
 */
function serverErrorRate(operation: (typeof OPERATIONS)[number], t: AlarmThresholds): IMetric {
  return new MathExpression({
    expression: `IF(FILL(errors, 0) >= ${t.alarm5xxMinCount}, 100 * FILL(errors, 0) / (FILL(ok, 0) + FILL(refused, 0) + FILL(errors, 0)), 0)`,
    usingMetrics: {
      ok: serviceMetrics.requests(operation, '2xx'),
      refused: serviceMetrics.requests(operation, '4xx'),
      errors: serviceMetrics.requests(operation, '5xx'),
    },
    period: METRIC_PERIOD,
    label: `${operation} 5xx %`,
  });
}

/**
 * The same for the whole API as API Gateway counts it: it sees the 5xx no function could
 * report (a function that crashed or timed out emits no metric).
 */
function gatewayServerErrorRate(stage: Stage, t: AlarmThresholds): IMetric {
  return new MathExpression({
    expression: `IF(FILL(errors, 0) >= ${t.alarm5xxMinCount}, 100 * FILL(errors, 0) / FILL(requests, 1), 0)`,
    usingMetrics: {
      errors: stage.metricServerError({ statistic: Stats.SUM, period: METRIC_PERIOD }),
      requests: stage.metricCount({ statistic: Stats.SUM, period: METRIC_PERIOD }),
    },
    period: METRIC_PERIOD,
    label: 'API 5xx %',
  });
}

/** DynamoDB's read and write throttle events on the table and on each of its indexes. */
export function tableThrottleMetrics(table: ServiceTable): Record<string, Metric> {
  const metric = (metricName: string, index?: string) =>
    new Metric({
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensionsMap: { TableName: table.tableName, ...(index && { GlobalSecondaryIndexName: index }) },
      statistic: Stats.SUM,
      period: METRIC_PERIOD,
      label: `${metricName}${index ? ` (${index})` : ''}`,
    });
  const metrics: Record<string, Metric> = { tableReads: metric('ReadThrottleEvents'), tableWrites: metric('WriteThrottleEvents') };
  INDEXES.forEach((index, position) => {
    metrics[`index${position}Reads`] = metric('ReadThrottleEvents', index.name);
    metrics[`index${position}Writes`] = metric('WriteThrottleEvents', index.name);
  });
  return metrics;
}

function tableThrottleEvents(table: ServiceTable): IMetric {
  return sumOf(tableThrottleMetrics(table), 'DynamoDB throttle events');
}

/** One metric that adds these up, a period without data counting 0. */
function sumOf(metrics: Record<string, IMetric>, label: string): IMetric {
  return new MathExpression({
    expression: Object.keys(metrics)
      .map((name) => `FILL(${name}, 0)`)
      .join(' + '),
    usingMetrics: metrics,
    period: METRIC_PERIOD,
    label,
  });
}

/** Lambda's throttles of these functions, summed (an alarm reads at most 10 metrics). */
function throttlesOf(functions: readonly IFunction[]): IMetric {
  const metrics = functions.map((fn, index) => [`f${index}`, fn.metricThrottles({ statistic: Stats.SUM, period: METRIC_PERIOD })]);
  return sumOf(Object.fromEntries(metrics), 'Lambda throttles');
}

/** A token operation's p99 latency, judged only in periods with enough requests (else 0). */
function tokenLatencyP99(operation: (typeof OPERATIONS)[number], t: AlarmThresholds): IMetric {
  return new MathExpression({
    expression: `IF(FILL(requests, 0) >= ${t.alarmTokenMinRequests}, p99, 0)`,
    usingMetrics: {
      p99: serviceMetrics.latency(operation, Stats.p(99)),
      requests: serviceMetrics.latency(operation, Stats.SAMPLE_COUNT),
    },
    period: METRIC_PERIOD,
    label: `${operation} p99 ms`,
  });
}
