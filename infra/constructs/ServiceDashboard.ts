import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  LogQueryWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUTH_FAILURE_REASONS } from '../../lambda/auth/authFailureReasons.js';
import { TOKEN_DECISIONS } from '../../lambda/domain/registryAccess.js';
import { FAILURE_KINDS, METRICS_NAMESPACE, STATUS_CLASSES } from '../../lambda/metrics/metricNames.js';
import { OPERATIONS } from '../../lambda/operations/catalog.js';
import { tableThrottleMetrics } from './ServiceAlarms.js';
import type { ServiceTable } from './ServiceTable.js';
import { METRIC_PERIOD, SHARE_CHANGES, serviceMetrics } from './serviceMetrics.js';

export interface ServiceDashboardProps {
  /** Every function, by a name for the graphs' legends. */
  functions: Record<string, IFunction>;
  stage: Stage;
  table: ServiceTable;
  alarms: Alarm[];
  auditLogGroup: ILogGroup;
  /** Rows of an optional part (the registry), below the service's own. */
  moreRows?: IWidget[][];
}

export const FULL = 24;
export const HALF = 12;
export const THIRD = 8;
const HEIGHT = 6;

export const graph = (title: string, left: IMetric[], width = HALF, props: { stacked?: boolean; leftLabel?: string } = {}) =>
  new GraphWidget({
    title,
    left,
    width,
    height: HEIGHT,
    period: METRIC_PERIOD,
    ...(props.stacked && { stacked: true }),
    ...(props.leftLabel && { leftYAxis: { label: props.leftLabel, showUnits: false } }),
  });

/**
 * One CloudWatch dashboard for the service: the alarms, then requests by operation and status
 * class, latency, token decisions, authentication failures, store and KMS errors and
 * throttles, share changes, the functions, API Gateway, and the latest audit events.
 */
export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const byOperation = (make: (operation: (typeof OPERATIONS)[number]) => IMetric) => OPERATIONS.map(make);
    const functions = Object.entries(props.functions);

    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            '# SWR access-domains\nWhat each alarm means and what to do about it: docs/operating.md, ' +
            `"On AWS: the alarms". The functions' own metrics are in the namespace \`${METRICS_NAMESPACE}\`.`,
          width: FULL,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: FULL, height: HEIGHT })],
      STATUS_CLASSES.map((statusClass) =>
        graph(
          `Requests ${statusClass} by operation`,
          byOperation((operation) => serviceMetrics.requests(operation, statusClass, { label: operation })),
          THIRD,
          { stacked: true },
        ),
      ),
      [
        graph(
          'Latency p50 by operation (ms)',
          byOperation((operation) => serviceMetrics.latency(operation, Stats.p(50), { label: operation })),
        ),
        graph(
          'Latency p99 by operation (ms)',
          byOperation((operation) => serviceMetrics.latency(operation, Stats.p(99), { label: operation })),
        ),
      ],
      [
        graph(
          'Token decisions by decision',
          TOKEN_DECISIONS.map((decision) => serviceMetrics.tokenDecisions(decision, { label: decision })),
          THIRD,
          {
            stacked: true,
          },
        ),
        graph(
          'Authentication failures by reason',
          AUTH_FAILURE_REASONS.map((reason) => serviceMetrics.authFailures(reason, { label: reason })),
          THIRD,
          {
            stacked: true,
          },
        ),
        graph(
          'Shares created, updated, revoked',
          SHARE_CHANGES.map((name) => serviceMetrics.shareChanges(name, { label: name })),
          THIRD,
        ),
      ],
      [
        graph(
          'Store and KMS errors and throttles (after retries)',
          FAILURE_KINDS.flatMap((kind) => [
            serviceMetrics.storeErrors(kind, { label: `store ${kind}` }),
            serviceMetrics.kmsErrors(kind, { label: `KMS ${kind}` }),
          ]),
        ),
        graph('DynamoDB throttle events (table and indexes)', Object.values(tableThrottleMetrics(props.table))),
      ],
      [
        graph(
          'Lambda errors by function',
          functions.map(([name, fn]) => fn.metricErrors({ statistic: Stats.SUM, period: METRIC_PERIOD, label: name })),
        ),
        graph(
          'Lambda throttles by function',
          functions.map(([name, fn]) => fn.metricThrottles({ statistic: Stats.SUM, period: METRIC_PERIOD, label: name })),
        ),
      ],
      [
        graph('API Gateway: requests, 4xx, 5xx, 429', [
          props.stage.metricCount({ statistic: Stats.SUM, period: METRIC_PERIOD, label: 'requests' }),
          props.stage.metricClientError({ statistic: Stats.SUM, period: METRIC_PERIOD, label: '4xx' }),
          props.stage.metricServerError({ statistic: Stats.SUM, period: METRIC_PERIOD, label: '5xx' }),
          serviceMetrics.apiThrottles({ label: '429 (throttled)' }),
        ]),
        graph('API Gateway latency (ms)', [
          props.stage.metricLatency({ statistic: Stats.p(50), period: METRIC_PERIOD, label: 'p50' }),
          props.stage.metricLatency({ statistic: Stats.p(99), period: METRIC_PERIOD, label: 'p99' }),
        ]),
      ],
      [
        new LogQueryWidget({
          title: 'Latest audit events',
          logGroupNames: [props.auditLogGroup.logGroupName],
          queryLines: ['fields @timestamp, audit, account, user, repository, sharedWith, requestId', 'sort @timestamp desc', 'limit 50'],
          width: FULL,
          height: HEIGHT,
        }),
      ],
      ...(props.moreRows ?? []),
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboard names are global to the account: the region keeps two deployments apart.
      dashboardName: `${Stack.of(this).stackName}-${Aws.REGION}`,
      defaultInterval: Duration.hours(3),
      widgets: rows,
    });
  }
}
