import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { OPERATIONS, type Operation } from '../../lambda/operations/catalog.js';
import { INDEXES } from '../../lambda/store/tableDesign.js';
import { AUDIT_FILTER_PATTERN, QUERY_PLACEHOLDERS } from '../../infra/constructs/AuditLog.js';
import { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS } from '../../infra/constructs/ServiceAlarms.js';
import { functionLogicalId } from '../../infra/constructs/ServiceFunction.js';
import { TOKEN_OPERATIONS } from '../../infra/constructs/serviceMetrics.js';
import { createServiceApp, STACK_NAME } from '../../infra/serviceApp.js';
import { AUTH_FAILURE_REASONS } from '../../lambda/auth/authFailureReasons.js';

/**
 * Operating the service on AWS: the alarms and their topic, the dashboard, the audit trail
 * (its log group, the subscription filters that feed it, the saved queries) and tracing, as
 * the synthesized template states them.
 */

/** The names agreed with the functions (lambda/metrics/metricNames.ts), written out: a rename on either side fails here. */
const STATUS_CLASSES = ['2xx', '4xx', '5xx'];
const TOKEN_DECISIONS = ['granted', 'no_share', 'share_expired', 'level_too_low', 'anonymous'];
const ERROR_KINDS = ['throttle', 'error'];
const SHARE_CHANGES = ['SharesCreated', 'SharesUpdated', 'SharesRevoked'];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Json = Record<string, any>;

function synthesize(context: Record<string, unknown> = {}) {
  const { stack } = createServiceApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false });
  const template = Template.fromStack(stack);
  return { template, resources: template.toJSON().Resources as Record<string, Resource>, outputs: template.toJSON().Outputs as Json };
}

let template: Template;
let resources: Record<string, Resource>;
let outputs: Json;
beforeAll(() => {
  ({ template, resources, outputs } = synthesize());
}, 60_000);

const ofType = (type: string, within = resources) => Object.entries(within).filter(([, resource]) => resource.Type === type);
const logicalIdOf = (type: string, prefix: string) => ofType(type).find(([id]) => id.startsWith(prefix))![0];
const topicId = () => logicalIdOf('AWS::SNS::Topic', 'AlarmsTopic');
const auditGroupId = () => outputs.AuditLogGroupName.Value.Ref as string;
const failedBatchesId = () => outputs.AuditFailedBatchesQueueUrl.Value.Ref as string;
const tableRef = () => ({ Ref: ofType('AWS::DynamoDB::Table')[0]![0] });
const stageRef = () => ({ Ref: ofType('AWS::ApiGateway::Stage')[0]![0] });
const logGroupOf = (functionId: string) => resources[functionId]!.Properties.LoggingConfig.LogGroup.Ref as string;
const AUDIT_FORWARDER = 'AuditForwarderFunction';

/** The functions whose errors are alarmed and graphed: each operation's and the audit forwarder. */
const WATCHED: Record<string, string> = {
  ...Object.fromEntries(OPERATIONS.map((operation) => [operation, functionLogicalId(operation)])),
  auditForwarder: AUDIT_FORWARDER,
};

/** Every alarm of the stack by the name it is given: `SwrAccessDomains-<id>`. */
const EXPECTED_ALARMS = [
  ...OPERATIONS.map((operation) => `${operation}5xxRate`),
  'Api5xxRate',
  'ApiThrottles',
  'TableThrottles',
  'StoreThrottles',
  'KmsThrottles',
  'AuditBatchesFailed',
  'TokenFunctionThrottles',
  'FunctionThrottles',
  ...Object.keys(WATCHED).map((name) => `${name}Errors`),
  ...TOKEN_OPERATIONS.map((operation) => `${operation}LatencyP99`),
];

function alarmsOf(within = resources): Record<string, Json> {
  return Object.fromEntries(
    ofType('AWS::CloudWatch::Alarm', within).map(([, alarm]) => [
      (alarm.Properties.AlarmName as string).replace(`${STACK_NAME}-`, ''),
      alarm.Properties,
    ]),
  );
}

/** The metric stat of a math alarm's query with this id. */
const queryOf = (alarm: Json, id: string) => (alarm.Metrics as Json[]).find((query) => query.Id === id)!;
const expressionOf = (alarm: Json) => (alarm.Metrics as Json[]).find((query) => query.ReturnData !== false)!.Expression as string;
const serviceMetric = (metricName: string, dimensions: Record<string, string>) => ({
  Namespace: 'SwrAccessDomains',
  MetricName: metricName,
  ...(Object.keys(dimensions).length > 0 && { Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) }),
});

describe('the alarm topic', () => {
  it('is one SNS topic, encrypted with a rotated key of its own, that takes only TLS, given as the output AlarmTopicArn', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = resources[topicId()]!.Properties;
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    expect(resources[keyId]).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    const [[, policy]] = ofType('AWS::SNS::TopicPolicy') as [[string, Resource]];
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId() }]);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(outputs.AlarmTopicArn.Value).toEqual({ Ref: topicId() });
  });

  it("lets only this account's CloudWatch alarms publish to it and use its key, besides the account's own IAM principals through SNS", () => {
    const ownAlarms = expect.objectContaining({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
    const [[, policy]] = ofType('AWS::SNS::TopicPolicy') as [[string, Resource]];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: ownAlarms,
      }),
    );
    const keyId = resources[topicId()]!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const statements = resources[keyId]!.Properties.KeyPolicy.Statement as Json[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: ownAlarms,
      }),
    );
    const users = statements.filter((statement) =>
      [statement.Action].flat().some((action: string) => /Decrypt|GenerateDataKey|Encrypt/.test(action)),
    );
    for (const statement of users.filter((each) => each.Principal.Service === undefined)) {
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': expect.anything() } });
    }
  });

  it('has no subscriber unless the context names an email address (`-c alarmEmail=…`), which it then subscribes', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    synthesize({ alarmEmail: 'ops@example.com' }).template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId() },
    });
    expect(() => synthesize({ alarmEmail: 'not an address' })).toThrow(/alarmEmail/);
  });
});

describe('the alarms', () => {
  it("are each in docs/operating.md's table of alarms (what they mean, what to do), and their thresholds in its table of defaults", () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/operating.md', import.meta.url)), 'utf8');
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    // A family of alarms (one per operation, one per function) has one row, named by its pattern.
    const rowName = (alarm: string) =>
      alarm.endsWith('5xxRate') && alarm !== 'Api5xxRate'
        ? '`<operation>5xxRate`'
        : alarm.endsWith('Errors')
          ? '`<name>Errors`'
          : `\`${alarm}\``;
    for (const alarm of Object.keys(alarmsOf())) {
      expect({ alarm, documented: rows.some((row) => row.split('|')[1]!.includes(rowName(alarm))) }).toEqual({ alarm, documented: true });
    }
    // And each threshold's context value in the table of defaults.
    for (const value of Object.keys(DEFAULT_ALARM_THRESHOLDS)) {
      expect({ value, documented: rows.some((row) => row.startsWith(`| \`${value}\` |`)) }).toEqual({ value, documented: true });
    }
  });

  it('are exactly the expected ones, each notifying the one topic when it goes into ALARM and back to OK', () => {
    const alarms = alarmsOf();
    expect(Object.keys(alarms).sort()).toEqual([...EXPECTED_ALARMS].sort());
    for (const [name, alarm] of Object.entries(alarms)) {
      expect({ name, alarm: alarm.AlarmActions, ok: alarm.OKActions, missing: alarm.TreatMissingData }).toEqual({
        name,
        alarm: [{ Ref: topicId() }],
        ok: [{ Ref: topicId() }],
        missing: 'notBreaching',
      });
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.AlarmDescription).toContain('What to do: docs/operating.md, "On AWS: the alarms".');
    }
  });

  it.each(OPERATIONS)(
    '%s: the share of its answers that were 5xx, in %, once at least alarm5xxMinCount failed, over 2 of 3 periods of 5 minutes',
    (operation) => {
      const alarm = alarmsOf()[`${operation}5xxRate`]!;
      expect(alarm).toMatchObject({ Threshold: DEFAULT_ALARM_THRESHOLDS.alarm5xxRatePercent, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
      expect(expressionOf(alarm)).toBe(
        `IF(FILL(errors, 0) >= ${DEFAULT_ALARM_THRESHOLDS.alarm5xxMinCount}, 100 * FILL(errors, 0) / (FILL(ok, 0) + FILL(refused, 0) + FILL(errors, 0)), 0)`,
      );
      for (const [id, statusClass] of [
        ['ok', '2xx'],
        ['refused', '4xx'],
        ['errors', '5xx'],
      ] as const) {
        expect(queryOf(alarm, id).MetricStat).toEqual({
          Metric: serviceMetric('Requests', { Operation: operation, StatusClass: statusClass }),
          Period: 300,
          Stat: 'Sum',
        });
      }
    },
  );

  it("the whole API's 5xx rate as API Gateway counts it (what no function can report: a crash, a timeout)", () => {
    const alarm = alarmsOf().Api5xxRate!;
    expect(alarm).toMatchObject({ Threshold: DEFAULT_ALARM_THRESHOLDS.alarm5xxRatePercent, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(expressionOf(alarm)).toContain(
      `IF(FILL(errors, 0) >= ${DEFAULT_ALARM_THRESHOLDS.alarm5xxMinCount}, 100 * FILL(errors, 0) / FILL(requests, 1)`,
    );
    const dimensions = [
      { Name: 'ApiName', Value: STACK_NAME },
      { Name: 'Stage', Value: stageRef() },
    ];
    expect(queryOf(alarm, 'errors').MetricStat).toEqual({
      Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: dimensions },
      Period: 300,
      Stat: 'Sum',
    });
    expect(queryOf(alarm, 'requests').MetricStat).toEqual({
      Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: dimensions },
      Period: 300,
      Stat: 'Sum',
    });
    // The metrics' ApiName is the REST API's name.
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: STACK_NAME });
  });

  it("API Gateway's throttling: the 429 answers of the access log, counted by a metric filter", () => {
    const alarm = alarmsOf().ApiThrottles!;
    expect(alarm).toMatchObject({
      ...serviceMetric('ApiThrottles', {}),
      Statistic: 'Sum',
      Period: 300,
      Threshold: DEFAULT_ALARM_THRESHOLDS.alarmApiThrottles,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    const accessLogs = resources[ofType('AWS::ApiGateway::Stage')[0]![0]]!.Properties.AccessLogSetting.DestinationArn['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: accessLogs },
      FilterPattern: '{ $.status = "429" }',
      MetricTransformations: [{ MetricNamespace: 'SwrAccessDomains', MetricName: 'ApiThrottles', MetricValue: '1' }],
    });
  });

  it("DynamoDB's throttling: read and write throttle events of the table and of each index, summed", () => {
    const alarm = alarmsOf().TableThrottles!;
    expect(alarm).toMatchObject({
      Threshold: DEFAULT_ALARM_THRESHOLDS.alarmTableThrottleEvents,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    const byName = (a: { Name: string }, b: { Name: string }) => a.Name.localeCompare(b.Name);
    const metrics = (alarm.Metrics as Json[])
      .filter((query) => query.MetricStat)
      .map((query) => ({
        ...query.MetricStat,
        Metric: { ...query.MetricStat.Metric, Dimensions: [...query.MetricStat.Metric.Dimensions].sort(byName) },
      }));
    const expected = [undefined, ...INDEXES.map((index) => index.name)].flatMap((index) =>
      ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) => ({
        Metric: {
          Namespace: 'AWS/DynamoDB',
          MetricName: metricName,
          Dimensions: [
            { Name: 'TableName', Value: tableRef() },
            ...(index ? [{ Name: 'GlobalSecondaryIndexName', Value: index }] : []),
          ].sort(byName),
        },
        Period: 300,
        Stat: 'Sum',
      })),
    );
    expect(metrics).toEqual(expected);
    expect(expressionOf(alarm).split(' + ')).toHaveLength(expected.length);
  });

  it.each([
    ['StoreThrottles', 'StoreErrors', DEFAULT_ALARM_THRESHOLDS.alarmStoreThrottles],
    ['KmsThrottles', 'KmsErrors', DEFAULT_ALARM_THRESHOLDS.alarmKmsThrottles],
  ])("%s: the functions' %s of Kind throttle (failed after the SDK's retries)", (name, metricName, threshold) => {
    expect(alarmsOf()[name]).toMatchObject({
      ...serviceMetric(metricName, { Kind: 'throttle' }),
      Statistic: 'Sum',
      Period: 300,
      Threshold: threshold,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
  });

  it.each(Object.entries(WATCHED))("%s: the function's errors in AWS/Lambda, at the first period", (name, functionId) => {
    expect(alarmsOf()[`${name}Errors`]).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: DEFAULT_ALARM_THRESHOLDS.alarmFunctionErrors,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
    });
  });

  it.each([
    ['TokenFunctionThrottles', TOKEN_OPERATIONS],
    ['FunctionThrottles', OPERATIONS.filter((operation) => !TOKEN_OPERATIONS.includes(operation))],
  ])("%s: Lambda's throttles of those functions, summed, in 2 of 3 periods", (name, operations) => {
    const alarm = alarmsOf()[name]!;
    expect(alarm).toMatchObject({ Threshold: DEFAULT_ALARM_THRESHOLDS.alarmFunctionThrottles, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    const throttled = (alarm.Metrics as Json[])
      .filter((query) => query.MetricStat)
      .map(({ MetricStat }) => ({
        namespace: MetricStat.Metric.Namespace,
        metric: MetricStat.Metric.MetricName,
        stat: MetricStat.Stat,
        fn: MetricStat.Metric.Dimensions[0].Value.Ref,
      }));
    expect(throttled).toEqual(
      operations.map((operation) => ({ namespace: 'AWS/Lambda', metric: 'Throttles', stat: 'Sum', fn: functionLogicalId(operation) })),
    );
    // An alarm reads at most 10 metrics. The forwarder has none: Lambda retries its throttled batches for hours.
    expect(throttled.length).toBeLessThanOrEqual(10);
    expect(expressionOf(alarm).split(' + ')).toHaveLength(operations.length);
  });

  it('watch the p99 latency of both forms of the token endpoint, in periods with enough requests, for 3 periods', () => {
    expect([...TOKEN_OPERATIONS].sort()).toEqual(['issueRegistryToken', 'issueRegistryTokenOAuth2']);
    for (const operation of TOKEN_OPERATIONS) {
      const alarm = alarmsOf()[`${operation}LatencyP99`]!;
      expect(alarm).toMatchObject({ Threshold: DEFAULT_ALARM_THRESHOLDS.alarmTokenP99Ms, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
      expect(expressionOf(alarm)).toBe(`IF(FILL(requests, 0) >= ${DEFAULT_ALARM_THRESHOLDS.alarmTokenMinRequests}, p99, 0)`);
      const latency = serviceMetric('Latency', { Operation: operation });
      expect(queryOf(alarm, 'p99').MetricStat).toEqual({ Metric: latency, Period: 300, Stat: 'p99' });
      expect(queryOf(alarm, 'requests').MetricStat).toEqual({ Metric: latency, Period: 300, Stat: 'SampleCount' });
    }
  });

  it('take every threshold from the context, and refuse one that is not a positive number', () => {
    const given: AlarmThresholds = {
      alarm5xxRatePercent: 2.5,
      alarm5xxMinCount: 7,
      alarmApiThrottles: 11,
      alarmTableThrottleEvents: 12,
      alarmStoreThrottles: 13,
      alarmKmsThrottles: 14,
      alarmFunctionErrors: 15,
      alarmFunctionThrottles: 16,
      alarmTokenP99Ms: 750,
      alarmTokenMinRequests: 17,
    };
    expect(Object.keys(given).sort()).toEqual(Object.keys(DEFAULT_ALARM_THRESHOLDS).sort());
    // As the CDK CLI hands them over: strings.
    const alarms = alarmsOf(synthesize(Object.fromEntries(Object.entries(given).map(([name, value]) => [name, String(value)]))).resources);
    expect(alarms.createShare5xxRate!.Threshold).toBe(2.5);
    expect(expressionOf(alarms.createShare5xxRate!)).toContain('FILL(errors, 0) >= 7,');
    expect(expressionOf(alarms.Api5xxRate!)).toContain('FILL(errors, 0) >= 7,');
    expect(alarms.Api5xxRate!.Threshold).toBe(2.5);
    expect(alarms.ApiThrottles!.Threshold).toBe(11);
    expect(alarms.TableThrottles!.Threshold).toBe(12);
    expect(alarms.StoreThrottles!.Threshold).toBe(13);
    expect(alarms.KmsThrottles!.Threshold).toBe(14);
    expect(alarms.auditForwarderErrors!.Threshold).toBe(15);
    expect(alarms.TokenFunctionThrottles!.Threshold).toBe(16);
    expect(alarms.FunctionThrottles!.Threshold).toBe(16);
    expect(alarms.issueRegistryTokenLatencyP99!.Threshold).toBe(750);
    expect(expressionOf(alarms.issueRegistryTokenOAuth2LatencyP99!)).toContain('>= 17,');
    for (const wrong of ['0', '-1', 'many'])
      expect(() => synthesize({ alarmTokenP99Ms: wrong })).toThrow(/alarmTokenP99Ms must be a positive number/);
  }, 60_000);
});

/** The dashboard's body, its references made plain strings (`Ref:Id`, `GetAtt:Id.Arn`) so that it parses. */
function dashboardBody(): { widgets: { type: string; properties: Json }[] } {
  const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, Resource]];
  const parts = dashboard.Properties.DashboardBody['Fn::Join'][1] as (string | Json)[];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.Ref) return `Ref:${part.Ref}`;
      if (part['Fn::GetAtt']) return `GetAtt:${part['Fn::GetAtt'].join('.')}`;
      throw new Error(`unexpected ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text);
}

describe('the dashboard', () => {
  const graphs = () =>
    Object.fromEntries(
      dashboardBody()
        .widgets.filter((widget) => widget.type === 'metric')
        .map((widget) => [widget.properties.title, widget.properties]),
    );
  /** A graph's metrics as `Namespace MetricName dim=value…` (statistic last), to compare at a glance. */
  const linesOf = (title: string): string[] => {
    const graph = graphs()[title];
    if (!graph) throw new Error(`no graph "${title}"`);
    return (graph.metrics as unknown[][]).map((metric) => {
      const options = metric.at(-1) as Json;
      if (options.expression) return options.expression;
      const [namespace, name, ...dimensions] = metric.slice(0, -1) as string[];
      const pairs = [];
      for (let index = 0; index < dimensions.length; index += 2) pairs.push(`${dimensions[index]}=${dimensions[index + 1]}`);
      return [namespace, name, ...pairs.sort(), options.stat].join(' ');
    });
  };

  it('is one, named after the stack and region, given as an output', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: { 'Fn::Join': ['', [`${STACK_NAME}-`, { Ref: 'AWS::Region' }]] },
    });
    expect(outputs.DashboardName.Value).toEqual({ Ref: ofType('AWS::CloudWatch::Dashboard')[0]![0] });
  });

  it('shows requests by operation, one graph per status class', () => {
    for (const statusClass of STATUS_CLASSES) {
      expect(linesOf(`Requests ${statusClass} by operation`)).toEqual(
        OPERATIONS.map((operation) => `SwrAccessDomains Requests Operation=${operation} StatusClass=${statusClass} Sum`),
      );
    }
  });

  it('shows the latency of every operation, p50 and p99', () => {
    for (const stat of ['p50', 'p99']) {
      expect(linesOf(`Latency ${stat} by operation (ms)`)).toEqual(
        OPERATIONS.map((operation) => `SwrAccessDomains Latency Operation=${operation} ${stat}`),
      );
    }
  });

  it('shows token decisions by decision, authentication failures by whatever reason, and the share changes', () => {
    expect(linesOf('Token decisions by decision')).toEqual(
      TOKEN_DECISIONS.map((decision) => `SwrAccessDomains TokenDecisions Decision=${decision} Sum`),
    );
    // Every reason the functions count (a closed set, lambda/auth/authFailureReasons.ts).
    expect(AUTH_FAILURE_REASONS).toEqual(expect.arrayContaining(['missing token', 'expired', 'signature mismatch', 'wrong login key']));
    expect(linesOf('Authentication failures by reason')).toEqual(
      AUTH_FAILURE_REASONS.map((reason) => `SwrAccessDomains AuthFailures Reason=${reason} Sum`),
    );
    expect(linesOf('Shares created, updated, revoked')).toEqual(SHARE_CHANGES.map((name) => `SwrAccessDomains ${name} Sum`));
  });

  it("shows store and KMS errors and throttles, and DynamoDB's own throttle events", () => {
    expect(linesOf('Store and KMS errors and throttles (after retries)').sort()).toEqual(
      ERROR_KINDS.flatMap((kind) => [
        `SwrAccessDomains StoreErrors Kind=${kind} Sum`,
        `SwrAccessDomains KmsErrors Kind=${kind} Sum`,
      ]).sort(),
    );
    const table = tableRef().Ref;
    expect(linesOf('DynamoDB throttle events (table and indexes)')).toEqual(
      [undefined, ...INDEXES.map((index) => index.name)].flatMap((index) =>
        ['ReadThrottleEvents', 'WriteThrottleEvents'].map((name) =>
          ['AWS/DynamoDB', name, ...[...(index ? [`GlobalSecondaryIndexName=${index}`] : []), `TableName=Ref:${table}`].sort(), 'Sum'].join(
            ' ',
          ),
        ),
      ),
    );
  });

  it("shows every function's Lambda errors and throttles", () => {
    const functions = Object.values(WATCHED);
    expect(linesOf('Lambda errors by function')).toEqual(functions.map((id) => `AWS/Lambda Errors FunctionName=Ref:${id} Sum`));
    expect(linesOf('Lambda throttles by function')).toEqual(functions.map((id) => `AWS/Lambda Throttles FunctionName=Ref:${id} Sum`));
  });

  it("shows API Gateway's requests, 4xx, 5xx and throttled requests, and its latency", () => {
    const stage = `Stage=Ref:${stageRef().Ref}`;
    expect(linesOf('API Gateway: requests, 4xx, 5xx, 429')).toEqual([
      `AWS/ApiGateway Count ApiName=${STACK_NAME} ${stage} Sum`,
      `AWS/ApiGateway 4XXError ApiName=${STACK_NAME} ${stage} Sum`,
      `AWS/ApiGateway 5XXError ApiName=${STACK_NAME} ${stage} Sum`,
      'SwrAccessDomains ApiThrottles Sum',
    ]);
    expect(linesOf('API Gateway latency (ms)')).toEqual(
      ['p50', 'p99'].map((stat) => `AWS/ApiGateway Latency ApiName=${STACK_NAME} ${stage} ${stat}`),
    );
  });

  it('shows the state of every alarm, and the latest audit events', () => {
    const widgets = dashboardBody().widgets;
    const alarmWidget = widgets.find((widget) => widget.type === 'alarm')!;
    const alarmIds = ofType('AWS::CloudWatch::Alarm').map(([id]) => `GetAtt:${id}.Arn`);
    expect([...alarmWidget.properties.alarms].sort()).toEqual(alarmIds.sort());
    const logWidget = widgets.find((widget) => widget.type === 'log')!;
    expect(logWidget.properties.query).toContain(`SOURCE 'Ref:${auditGroupId()}'`);
  });
});

describe('the audit trail', () => {
  it('is a log group of its own, kept a year, and kept when the stack is deleted; the output AuditLogGroupName names it', () => {
    expect(resources[auditGroupId()]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it("while every function's own (debug) log keeps a month", () => {
    for (const functionId of [...Object.values(WATCHED), 'SigningPublicKeyFunction']) {
      expect({ functionId, retention: resources[logGroupOf(functionId)]!.Properties.RetentionInDays }).toEqual({
        functionId,
        retention: 30,
      });
    }
  });

  it("is fed by a subscription filter on each operation function's log group, passing audit events only, to the forwarder", () => {
    const filters = ofType('AWS::Logs::SubscriptionFilter').map(([, filter]) => filter.Properties);
    const sources = OPERATIONS.map((operation) => logGroupOf(functionLogicalId(operation)));
    expect(filters.map((filter) => filter.LogGroupName.Ref).sort()).toEqual([...sources].sort());
    for (const filter of filters) {
      expect(filter).toMatchObject({ FilterPattern: AUDIT_FILTER_PATTERN, DestinationArn: { 'Fn::GetAtt': [AUDIT_FORWARDER, 'Arn'] } });
    }
    expect(AUDIT_FILTER_PATTERN).toBe('{ $.audit = * }');
    // Not on the forwarder's own log (it would feed itself), nor on the deploy-time function's.
    expect(sources).not.toContain(logGroupOf(AUDIT_FORWARDER));
    // CloudWatch Logs may invoke the forwarder for those log groups only.
    const invokers = ofType('AWS::Lambda::Permission')
      .map(([, permission]) => permission.Properties)
      .filter((permission) => permission.FunctionName['Fn::GetAtt']?.[0] === AUDIT_FORWARDER);
    expect(invokers.map((permission) => permission.Principal)).toEqual(sources.map(() => 'logs.amazonaws.com'));
    expect(invokers.map((permission) => permission.SourceArn['Fn::GetAtt'][0]).sort()).toEqual([...sources].sort());
  });

  it('is written by the forwarder, which may write that group and its own log, and do nothing else', () => {
    const forwarder = resources[AUDIT_FORWARDER]!.Properties;
    expect(forwarder.Environment.Variables).toMatchObject({ AUDIT_LOG_GROUP_NAME: { Ref: auditGroupId() } });
    const role = forwarder.Role['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    const write = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    expect(statements.map((statement: Json) => ({ actions: statement.Action, resource: statement.Resource }))).toEqual(
      expect.arrayContaining([
        { actions: write, resource: { 'Fn::GetAtt': [logGroupOf(AUDIT_FORWARDER), 'Arn'] } },
        { actions: write, resource: { 'Fn::GetAtt': [auditGroupId(), 'Arn'] } },
      ]),
    );
    // Lambda sends a batch it gave up on to the failed-batch queue with the function's role.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['sqs:SendMessage']),
        Resource: { 'Fn::GetAtt': [failedBatchesId(), 'Arn'] },
      }),
    );
    expect(statements).toHaveLength(3);
    expect(forwarder.TracingConfig).toBeUndefined();
  });

  it('keeps a batch the forwarder failed to write, after two retries, 14 days in an encrypted queue, and alarms at the first', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    expect(configs).toEqual([
      expect.objectContaining({
        FunctionName: { Ref: AUDIT_FORWARDER },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedBatchesId(), 'Arn'] } } },
      }),
    ]);
    expect(resources[failedBatchesId()]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true },
    });
    const queuePolicy = ofType('AWS::SQS::QueuePolicy').find(([, policy]) =>
      policy.Properties.Queues.some((queue: Json) => queue.Ref === failedBatchesId()),
    )!;
    expect(queuePolicy[1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const alarm = alarmsOf().AuditBatchesFailed!;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failedBatchesId(), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    // The outputs an operator replays a batch with (docs/operating.md: "If a batch fails").
    expect(outputs.AuditForwarderFunctionName!.Value).toEqual({ Ref: AUDIT_FORWARDER });
  });

  it('has the saved Logs Insights queries, on the audit group: changes to a repository, everything an account did, pulls through shares', () => {
    const queries: Record<string, Json> = Object.fromEntries(
      ofType('AWS::Logs::QueryDefinition').map(([, query]) => [query.Properties.Name, query.Properties]),
    );
    expect(Object.keys(queries).sort()).toEqual(
      [
        'Changes to a repository',
        'Everything an account did',
        'Last pull through each share, oldest first',
        'Pulls through shares of a repository',
        'Pulls through shares of a repository, per account and day',
      ]
        .map((name) => `${STACK_NAME}/${name}`)
        .sort(),
    );
    for (const query of Object.values(queries)) expect(query.LogGroupNames).toEqual([{ Ref: auditGroupId() }]);
    const lines = (name: string) => (queries[`${STACK_NAME}/${name}`]!.QueryString as string).split('\n');
    const { repository, account } = QUERY_PLACEHOLDERS;
    expect(lines('Changes to a repository')).toEqual(
      expect.arrayContaining([
        '| filter audit in ["share.created","share.updated","share.revoked"]',
        `| filter repository = "${repository}"`,
        '| sort @timestamp desc',
      ]),
    );
    expect(lines('Everything an account did')).toEqual(
      expect.arrayContaining([`| filter account = "${account}"`, '| sort @timestamp desc']),
    );
    expect(lines('Pulls through shares of a repository')).toEqual(
      expect.arrayContaining(['| filter audit = "token.granted"', `| filter repository = "${repository}"`, '| sort @timestamp desc']),
    );
    expect(lines('Pulls through shares of a repository, per account and day')).toEqual([
      'filter audit = "token.granted"',
      `| filter repository = "${repository}"`,
      '| stats count(*) as tokens by account, bin(1d)',
    ]);
    // No placeholder: every share pulled through in the time range, the longest unused first.
    expect(lines('Last pull through each share, oldest first')).toEqual([
      'filter audit = "token.granted"',
      '| stats max(@timestamp) as lastPull, count(*) as tokens by repository, account',
      '| sort lastPull asc',
    ]);
    // The fields they show are the events' (lambda/audit/AuditEvent.ts): who it was shared with is `sharedWith`.
    expect(lines('Changes to a repository')[0]).toBe(
      'fields @timestamp, audit, sharedWith, account, user, credential, accessKeyId, before.permit, before.deadline, before.description, ' +
        'after.permit, after.deadline, after.description, requestId',
    );
    expect(QUERY_PLACEHOLDERS).toEqual({ repository: 'NAMESPACE/REPOSITORY', account: 'ACCOUNT' });
  });
});

describe('tracing', () => {
  it.each(OPERATIONS)("%s: active X-Ray tracing (Lambda's own segments)", (operation: Operation) => {
    expect(resources[functionLogicalId(operation)]!.Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('on the API stage too; not on the deploy-time and log-driven functions, which no request reaches', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    for (const functionId of ['SigningPublicKeyFunction', AUDIT_FORWARDER])
      expect(resources[functionId]!.Properties.TracingConfig).toBeUndefined();
  });
});
