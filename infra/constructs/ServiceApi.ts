import {
  AccessLogFormat,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, MetricFilter, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type Operation, ROUTES } from '../../lambda/operations/catalog.js';
import { addErrorResponses } from './errorResponses.js';
import { METRICS_NAMESPACE } from '../../lambda/metrics/metricNames.js';
import { API_THROTTLES_METRIC } from './serviceMetrics.js';

export interface Throttling {
  /** Steady requests per second, for the whole stage. */
  rateLimit: number;
  /** Requests allowed at once above the steady rate. */
  burstLimit: number;
}

/** The stage's limits unless the context says otherwise (`-c throttleRateLimit=… -c throttleBurstLimit=…`). */
export const DEFAULT_THROTTLING: Throttling = { rateLimit: 50, burstLimit: 100 };

export interface ServiceApiProps {
  functions: Record<Operation, IFunction>;
  stageName: string;
  throttling: Throttling;
  logRetention: RetentionDays;
}

/**
 * The REST API: every route of the catalog (ROUTES, lambda/operations/catalog.ts), each a
 * Lambda proxy integration of its operation's function, behind a throttled, traced (X-Ray)
 * stage with access logs and error-level execution logs that never hold a request or
 * response body (nor, so, a token). REST APIs publish no metric of their throttling: a
 * metric filter counts the 429 answers of the access log into `ApiThrottles`.
 */
export class ServiceApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.accessLogs = accessLogs;
    this.api = new RestApi(this, 'Api', {
      // The name API Gateway's metrics (AWS/ApiGateway, dimension ApiName) know it by: the
      // stack's, not CDK's default (the construct id, `Api`, which other APIs share).
      restApiName: Stack.of(this).stackName,
      description: 'SWR access-domains (image sharing) API',
      endpointTypes: [EndpointType.REGIONAL],
      // Execution logs need the account's API Gateway CloudWatch role; this stack sets it.
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        // X-Ray: the stage's segment, and the sampling decision the functions' segments follow.
        tracingEnabled: true,
      },
    });
    new MetricFilter(this, 'ThrottledRequests', {
      logGroup: accessLogs,
      // The access log's `status` is a string (AccessLogFormat.jsonWithStandardFields).
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: API_THROTTLES_METRIC,
      metricValue: '1',
    });

    // The stack has its own output for the URL (ApiUrl).
    this.api.node.tryRemoveChild('Endpoint');

    for (const route of ROUTES) {
      const integration = new LambdaIntegration(props.functions[route.operation], { allowTestInvoke: false });
      this.api.root.resourceForPath(route.path).addMethod(route.method, integration);
    }
    addErrorResponses(this.api);
    acknowledgeNagFindings(this.api);
  }
}

/** cdk-nag AwsSolutions findings on the API that are decisions, each with its reason. */
function acknowledgeNagFindings(api: RestApi): void {
  const inFunction =
    'Every method is authenticated in its function, before anything else: the X-Auth-Token JWT is ' +
    "verified with jose (asymmetric signature against the issuer's JWKS, issuer, audience, expiry) and " +
    'a failure answers 401 in the SWR error format. Existing SWR clients (official SDKs, Terraform ' +
    'provider) send only that header, so neither IAM SigV4 nor a Cognito user pool can authenticate ' +
    'them, and every function needs the verified claims anyway to authorize per namespace.';
  const validations = Validations.of(api);
  validations.acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: inFunction });
  validations.acknowledge({ id: 'AwsSolutions::AwsSolutions-COG4', reason: inFunction });
  validations.acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG2',
    reason:
      'Requests are validated in each function against the JSON Schemas in lambda/schemas, because ' +
      'the contract answers each invalid field with its own SWR error code (4001028 namespace, 4001029 ' +
      'repository, 4001041 access domain, 4001091 permit, 4000014 deadline); an API Gateway request ' +
      'validator would answer its own generic 400 before the function could.',
  });
  validations.acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG3',
    reason:
      'No WAF web ACL is created here: the stage is throttled, every method verifies a signed token ' +
      'before any table access, and bodies over 8 KiB are refused. A web ACL is a priced, account-level ' +
      'choice of rule sets; an operator can associate one with the stage without changing this stack.',
  });
  Validations.of(api.node.findChild('CloudWatchRole')).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason:
      "This is API Gateway's account-wide logging role (AWS::ApiGateway::Account), used by every REST " +
      'API of the account and region. The execution log groups it writes are created by API Gateway ' +
      '(API-Gateway-Execution-Logs_<api-id>/<stage>) and do not exist before deploy, so the AWS managed ' +
      'policy made for this role cannot be narrowed to resources of this stack.',
  });
}
