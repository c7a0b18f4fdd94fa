import { ArnFormat, Aws, CfnParameter, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { MathExpression, Metric, Stats, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { FlowLogDestination, FlowLogTrafficType, Peer, Port, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import {
  AvailabilityZoneRebalancing,
  Cluster,
  ContainerImage,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Secret as EcsSecret,
} from 'aws-cdk-lib/aws-ecs';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  HttpCodeElb,
  HttpCodeTarget,
  ListenerCertificate,
  SslPolicy,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Rule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnResourcePolicy, LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { REGISTRY_PORT, registryConfigYaml } from '../registry/registryConfig.js';
import { REGISTRY_BINARY_IN_IMAGE, REGISTRY_IMAGE_REFERENCE } from '../registry/registryImage.js';
import { ROOT_CERTIFICATE_ENV, taskStartCommand } from '../registry/taskStart.js';
import type { RegistrySigningKey } from './RegistrySigningKey.js';
import { AT_ONCE, type AlarmThresholds, type ServiceAlarms, SUSTAINED } from './ServiceAlarms.js';
import { graph, THIRD } from './ServiceDashboard.js';
import { METRIC_PERIOD } from './serviceMetrics.js';
import { ServiceFunction } from './ServiceFunction.js';

/**
 * The default size: two tasks (one in each of two Availability Zones, so that one zone or one
 * task can fail while pulls go on), each of half a vCPU and 1 GiB on Graviton (arm64, about
 * a fifth cheaper than x86). The registry streams layers to and from S3 and holds little in
 * memory (a 10 MB multipart chunk per upload in flight), and pulls of layers go to S3 itself
 * through pre-signed URLs, so the tasks serve manifests, tokens' checks and uploads.
 */
export const REGISTRY_TASKS = { count: 2, cpu: 512, memoryMiB: 1024 } as const;

/**
 * 600 s: the load balancer closes a connection on which nothing moved for this long. A large
 * layer's upload ends with the registry moving it into place in S3 (a multipart copy of
 * gigabytes) before it answers; the default 60 s would cut such a push off.
 */
export const REGISTRY_IDLE_TIMEOUT = Duration.seconds(600);

/** The S3 actions distribution documents for its S3 driver (docs/content/storage-drivers/s3.md), on the bucket … */
export const REGISTRY_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'] as const;
/** … and on its objects. */
export const REGISTRY_OBJECT_ACTIONS = [
  's3:PutObject',
  's3:GetObject',
  's3:DeleteObject',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
] as const;

/** Where the task writes its configuration and the root certificate (the image's own config folder). */
export const REGISTRY_CONFIG_FILE = '/etc/distribution/config.yml';
export const REGISTRY_ROOT_CERTIFICATE_FILE = '/etc/distribution/root-certificate.pem';

/** Days before S3 aborts a multipart upload nobody finished (a push cut off), so its parts stop costing. */
const ABORT_INCOMPLETE_UPLOADS_DAYS = 7;

export interface RegistryServiceProps {
  signingKey: RegistrySigningKey;
  /** The token service's URL, `<ApiUrl>registry/token`: the registry's `realm`. */
  realm: string;
  /** The registry's `service` and `issuer`: the stack's RegistryService and RegistryTokenIssuer. */
  service: string;
  issuer: string;
  logRetention: RetentionDays;
  /** The service's alarms: the registry's join them, on the same topic. */
  alarms: ServiceAlarms;
  thresholds: AlarmThresholds;
}

/**
 * The registry, when the stack runs one (`cdk deploy -c registry=true`): CNCF distribution 3
 * on ECS Fargate behind an Application Load Balancer (HTTPS with the certificate given as
 * RegistryCertificateArn, HTTP redirected to it), images in an S3 bucket of its own, its
 * token auth pointed at this stack's token service and trusting the root certificate of the
 * registry signing key, which a custom resource makes at deploy through KMS. Its alarms
 * join the service's topic; its graphs, the dashboard (`dashboardRows`).
 */
export class RegistryService extends Construct {
  readonly bucket: Bucket;
  readonly loadBalancer: ApplicationLoadBalancer;
  readonly service: FargateService;
  readonly targetGroup: ApplicationTargetGroup;
  readonly httpSecret: Secret;
  readonly rootCertificate: StringParameter;
  /** The host name clients use: the RegistryDomainName input. */
  readonly host: string;
  readonly dashboardRows: IWidget[][];

  constructor(scope: Construct, id: string, props: RegistryServiceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const certificateArn = new CfnParameter(stack, 'RegistryCertificateArn', {
      description: "The ACM certificate of the registry's host name (RegistryDomainName), for its HTTPS listener",
      allowedPattern: '^arn:aws[\\w-]*:acm:[\\w-]+:\\d{12}:certificate/[\\w-]+$',
      constraintDescription: 'must be the ARN of an ACM certificate in the stack’s region',
    });
    const domainName = new CfnParameter(stack, 'RegistryDomainName', {
      description: "The registry's host name, which its certificate covers; point it (CNAME or alias) at RegistryLoadBalancerDnsName",
      allowedPattern: '^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$',
      constraintDescription: 'must be a DNS host name, e.g. registry.example.com',
    });
    this.host = domainName.valueAsString;

    // Two public subnets in two zones and no NAT gateway: the tasks get public addresses to pull
    // their image and reach S3, KMS-free AWS APIs and Secrets Manager; only the load balancer may
    // reach them (their security group).
    const vpc = new Vpc(this, 'Network', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 }],
    });
    vpc.addFlowLog('RejectedTraffic', {
      destination: FlowLogDestination.toCloudWatchLogs(new LogGroup(this, 'FlowLogs', { retention: props.logRetention })),
      trafficType: FlowLogTrafficType.REJECT,
    });

    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED, // the only encryption S3's log delivery writes to
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Storage', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Off: distribution keeps its own layout (content-addressed blobs, links); old versions would only cost.
      versioned: false,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOADS_DAYS) }],
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'storage/',
      // The images: kept when the stack is deleted, as the shares table is.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const rootCertificate = this.#rootCertificate(props);
    this.rootCertificate = rootCertificate.parameter;
    this.httpSecret = new Secret(this, 'HttpSecret', {
      description: "The registry's http.secret: every task signs and checks upload state with it, so all share one",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.httpSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'The registry reads http.secret once, at task start, and signs the state of uploads in progress with it: a ' +
        'rotation would need every task restarted at the same moment and would fail each upload in flight. It never ' +
        'leaves the tasks (no client sees it); to change it, put a new value and force a new deployment.',
    });

    const cluster = new Cluster(this, 'Cluster', { vpc });
    Validations.of(cluster).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS4',
      reason:
        "Container Insights is priced per metric and log volume; the registry's alarms and graphs read the load " +
        "balancer's metrics (requests, 5xx, healthy and unhealthy tasks), the ECS service's free CPU and memory " +
        'metrics and the task stops EventBridge reports, which cover what it would add for two tasks.',
    });
    const taskDefinition = this.#taskDefinition(props, rootCertificate.sha256);

    const loadBalancerGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc,
      description: 'The registry load balancer: HTTPS and HTTP (redirected) from anywhere',
      allowAllOutbound: false,
    });
    loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS from registry clients');
    loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP, redirected to HTTPS');
    Validations.of(loadBalancerGroup).acknowledge({
      id: 'AwsSolutions::AwsSolutions-EC23',
      reason:
        'The registry is reached by its clients (docker, skopeo, containerd on any network) over the internet, as ' +
        'SWR is: 443 and 80 (which only redirects to 443) are open to all; every request is then checked by the ' +
        "registry against a token of this stack's token service.",
    });
    const taskGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      vpc,
      description: 'The registry tasks: the registry port from the load balancer only',
    });
    taskGroup.addIngressRule(loadBalancerGroup, Port.tcp(REGISTRY_PORT), 'The registry, from its load balancer');
    loadBalancerGroup.addEgressRule(taskGroup, Port.tcp(REGISTRY_PORT), 'To the registry tasks');

    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: REGISTRY_TASKS.count,
      // Public addresses, no inbound rule but the load balancer's: the cost of a NAT gateway saved.
      assignPublicIp: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      securityGroups: [taskGroup],
      // A deployment starts the new tasks before it stops the old ones, and rolls back one that never turns healthy.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      availabilityZoneRebalancing: AvailabilityZoneRebalancing.ENABLED,
      healthCheckGracePeriod: Duration.seconds(60),
    });

    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      securityGroup: loadBalancerGroup,
      idleTimeout: REGISTRY_IDLE_TIMEOUT,
      dropInvalidHeaderFields: true,
    });
    Validations.of(this.loadBalancer).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ELB2',
      reason:
        "The stack is one template for any region, and the principal that delivers a load balancer's access logs " +
        'differs by region (an ELB account in the older ones), which CDK must know at synth. The registry itself ' +
        'logs every request as JSON (method, path, status, duration) to its log group, and the bucket logs every ' +
        'access to the images, pre-signed downloads included.',
    });
    this.targetGroup = new ApplicationTargetGroup(this, 'Tasks', {
      vpc,
      port: REGISTRY_PORT,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      targets: [this.service],
      // `/` answers 200 while the registry's storage check passes, 503 once it fails (health.storagedriver).
      healthCheck: { path: '/', healthyHttpCodes: '200', interval: Duration.seconds(15), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(60),
    });
    this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: ApplicationProtocol.HTTPS,
      certificates: [ListenerCertificate.fromArn(certificateArn.valueAsString)],
      sslPolicy: SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
    });
    this.loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: ApplicationProtocol.HTTPS,
    });

    const taskStops = this.#taskStops(cluster, props.logRetention);
    this.#alarms(props, taskStops);
    this.dashboardRows = this.#dashboardRows(taskStops);
  }

  /** The root certificate, made at deploy through KMS, kept in an SSM parameter the tasks read at start. */
  #rootCertificate(props: RegistryServiceProps): { parameter: StringParameter; sha256: string } {
    const maker = new ServiceFunction(this, 'RootCertificateMaker', {
      entry: 'functions/rootCertificate.ts',
      logicalId: 'RegistryRootCertificateFunction',
      environment: {},
      logRetention: props.logRetention,
    });
    props.signingKey.bind(maker, ['kms:Sign']);
    const certificate = new CustomResource(this, 'RootCertificate', {
      serviceToken: maker.function.functionArn,
      resourceType: 'Custom::RegistryRootCertificate',
      // A new key (or its public half) is a new certificate.
      properties: { KeyId: props.signingKey.key.keyArn, PublicKey: props.signingKey.publicKey },
    });
    const parameter = new StringParameter(this, 'RootCertificateParameter', {
      description: "The registry's rootcertbundle: the root certificate of the registry signing key, made at deploy",
      stringValue: certificate.getAttString('Certificate'),
    });
    return { parameter, sha256: certificate.getAttString('Sha256') };
  }

  /** One container: the pinned image, our configuration, the certificate and the shared secret from the stack. */
  #taskDefinition(props: RegistryServiceProps, rootCertificateSha256: string): FargateTaskDefinition {
    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: REGISTRY_TASKS.cpu,
      memoryLimitMiB: REGISTRY_TASKS.memoryMiB,
      runtimePlatform: { cpuArchitecture: CpuArchitecture.ARM64, operatingSystemFamily: OperatingSystemFamily.LINUX },
    });
    const config = registryConfigYaml(
      { realm: props.realm, service: props.service, issuer: props.issuer, rootCertBundle: REGISTRY_ROOT_CERTIFICATE_FILE },
      { s3: { region: Aws.REGION, bucket: this.bucket.bucketName } },
    );
    taskDefinition.addContainer('Registry', {
      image: ContainerImage.fromRegistry(REGISTRY_IMAGE_REFERENCE),
      essential: true,
      ...taskStartCommand(REGISTRY_CONFIG_FILE, config, REGISTRY_BINARY_IN_IMAGE),
      secrets: {
        [ROOT_CERTIFICATE_ENV]: EcsSecret.fromSsmParameter(this.rootCertificate),
        // distribution's override of http.secret: one value for every task.
        REGISTRY_HTTP_SECRET: EcsSecret.fromSecretsManager(this.httpSecret),
      },
      // A new certificate changes the task definition, so the service rolls its tasks onto it.
      dockerLabels: { 'root-certificate-sha256': rootCertificateSha256 },
      portMappings: [{ containerPort: REGISTRY_PORT }],
      logging: LogDrivers.awsLogs({
        streamPrefix: 'registry',
        logGroup: new LogGroup(this, 'Logs', { retention: props.logRetention }),
      }),
    });
    // Exactly what distribution documents for its S3 driver, on this bucket only.
    taskDefinition.taskRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...REGISTRY_BUCKET_ACTIONS], resources: [this.bucket.bucketArn] }),
    );
    taskDefinition.taskRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...REGISTRY_OBJECT_ACTIONS], resources: [this.bucket.arnForObjects('*')] }),
    );
    Validations.of(taskDefinition.taskRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve(Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket))}.Arn>/*]`,
      reason:
        'The registry writes and reads objects under keys it makes (blobs by digest, repositories by name, uploads by ' +
        'id) anywhere in its own bucket: the object actions distribution documents for its S3 driver name ' +
        '"arn:aws:s3:::<bucket>/*", and that bucket holds nothing else.',
    });
    return taskDefinition;
  }

  /**
   * Tasks that stopped without being asked to (the registry exited, the task failed to start, or
   * failed the load balancer's health checks), as ECS reports them to EventBridge, kept in a log
   * group (what stopped, why, the exit code). The rule's invocations are the restart count.
   */
  #taskStops(cluster: Cluster, retention: RetentionDays): Rule {
    const logGroup = new LogGroup(this, 'TaskStops', {
      // EventBridge writes only to log groups named /aws/events/….
      logGroupName: `/aws/events/${Stack.of(this).stackName}-registry-task-stops`,
      retention,
    });
    // The log group's resource policy, written here rather than by CDK's target, which adds a custom resource function.
    const policy = new CfnResourcePolicy(this, 'TaskStopsDelivery', {
      policyName: `${Stack.of(this).stackName}-registry-task-stops`,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: logGroup.logGroupArn,
          },
        ],
      }),
    });
    const rule = new Rule(this, 'TaskStopRule', {
      description: 'Registry tasks that stopped without a deployment or scaling asking them to',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [cluster.clusterArn],
          group: [`service:${this.service.serviceName}`],
          lastStatus: ['STOPPED'],
          $or: [{ stopCode: ['EssentialContainerExited', 'TaskFailedToStart'] }, { stoppedReason: [{ prefix: 'Task failed' }] }],
        },
      },
      // The log group's own ARN, without the `:*` of its streams that logGroupArn ends with.
      targets: [
        {
          bind: () => ({
            arn: Stack.of(this).formatArn({
              service: 'logs',
              resource: 'log-group',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              resourceName: logGroup.logGroupName,
            }),
          }),
        },
      ],
    });
    // The rule delivers to the log group only once its policy lets EventBridge write there.
    rule.node.addDependency(policy);
    return rule;
  }

  #alarms(props: RegistryServiceProps, taskStops: Rule): void {
    const t = props.thresholds;
    const metrics = this.loadBalancer.metrics;
    const sum = { statistic: Stats.SUM, period: METRIC_PERIOD };
    props.alarms.alarm('Registry5xxRate', {
      metric: new MathExpression({
        expression: `IF(FILL(lb, 0) + FILL(tasks, 0) >= ${t.alarm5xxMinCount}, 100 * (FILL(lb, 0) + FILL(tasks, 0)) / MAX([FILL(requests, 0), FILL(lb, 0) + FILL(tasks, 0)]), 0)`,
        usingMetrics: {
          lb: metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum),
          tasks: metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum),
          requests: metrics.requestCount(sum),
        },
        period: METRIC_PERIOD,
        label: 'Registry 5xx (% of requests)',
      }),
      threshold: t.alarm5xxRatePercent,
      evaluation: SUSTAINED,
      description:
        `At least ${t.alarm5xxRatePercent} % of the registry's requests answered 5xx by the registry or its load balancer ` +
        `(at least ${t.alarm5xxMinCount} in 5 minutes), in 2 of 3 periods.`,
    });
    props.alarms.alarm('RegistryUnhealthyTasks', {
      metric: this.targetGroup.metrics.unhealthyHostCount({ statistic: Stats.MAXIMUM, period: METRIC_PERIOD }),
      threshold: 1,
      evaluation: SUSTAINED,
      description: "At least one registry task failed the load balancer's health check (`/`: the storage check), in 2 of 3 periods.",
    });
    props.alarms.alarm('RegistryTaskRestarts', {
      metric: taskStopsMetric(taskStops),
      threshold: 1,
      evaluation: AT_ONCE,
      description: 'A registry task stopped without a deployment asking it to (it exited, failed to start or failed its health checks).',
    });
  }

  #dashboardRows(taskStops: Rule): IWidget[][] {
    const metrics = this.loadBalancer.metrics;
    const sum = (label: string) => ({ statistic: Stats.SUM, period: METRIC_PERIOD, label });
    return [
      [
        graph(
          'Registry: requests and 5xx',
          [
            metrics.requestCount(sum('requests')),
            metrics.httpCodeTarget(HttpCodeTarget.TARGET_4XX_COUNT, sum('4xx (registry)')),
            metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum('5xx (registry)')),
            metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum('5xx (load balancer)')),
          ],
          THIRD,
        ),
        graph(
          'Registry: tasks',
          [
            this.targetGroup.metrics.healthyHostCount({ statistic: Stats.MINIMUM, period: METRIC_PERIOD, label: 'healthy' }),
            this.targetGroup.metrics.unhealthyHostCount({ statistic: Stats.MAXIMUM, period: METRIC_PERIOD, label: 'unhealthy' }),
            taskStopsMetric(taskStops).with({ label: 'stopped unasked' }),
          ],
          THIRD,
        ),
        graph(
          'Registry: response time p99 (s), CPU and memory (%)',
          [
            metrics.targetResponseTime({ statistic: Stats.p(99), period: METRIC_PERIOD, label: 'response time p99' }),
            this.service.metricCpuUtilization({ period: METRIC_PERIOD, label: 'CPU' }),
            this.service.metricMemoryUtilization({ period: METRIC_PERIOD, label: 'memory' }),
          ],
          THIRD,
        ),
      ],
    ];
  }
}

/** How many times the task-stop rule delivered an event: each is a task that stopped unasked. */
function taskStopsMetric(rule: Rule): Metric {
  return new Metric({
    namespace: 'AWS/Events',
    metricName: 'Invocations',
    dimensionsMap: { RuleName: rule.ruleName },
    statistic: Stats.SUM,
    period: METRIC_PERIOD,
  });
}
