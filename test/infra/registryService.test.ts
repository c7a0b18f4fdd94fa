import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REGISTRY_CONFIG_FILE, REGISTRY_IDLE_TIMEOUT, REGISTRY_ROOT_CERTIFICATE_FILE } from '../../infra/constructs/RegistryService.js';
import { DEFAULT_ALARM_THRESHOLDS } from '../../infra/constructs/ServiceAlarms.js';
import { registryConfigYaml } from '../../infra/registry/registryConfig.js';
import { REGISTRY_IMAGE_REFERENCE } from '../../infra/registry/registryImage.js';
import { functionLogicalId } from '../../infra/constructs/ServiceFunction.js';
import { TASK_START_SCRIPT } from '../../infra/registry/taskStart.js';
import { createServiceApp, STACK_NAME } from '../../infra/serviceApp.js';
import { ENV } from '../../lambda/environment.js';

/**
 * The registry the stack runs when asked (`-c registry=true`), as the synthesized template
 * states it; and the stack without it, unchanged.
 */

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; DependsOn?: string[] };
type Json = Record<string, any>;

function synthesize(context: Record<string, unknown> = {}): Json {
  const { stack } = createServiceApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, builtinCloudFormationValidation: false });
  return Template.fromStack(stack).toJSON();
}

let on: Json;
let off: Json;
let resources: Record<string, Resource>;
beforeAll(() => {
  on = synthesize({ registry: 'true' });
  off = synthesize();
  resources = on.Resources;
}, 120_000);

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const onlyOf = (type: string) => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const propertiesOf = (type: string) => onlyOf(type)[1].Properties;
const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const container = () => propertiesOf('AWS::ECS::TaskDefinition').ContainerDefinitions[0];
const storageBucketId = () => ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('RegistryStorage'))![0];
const dashboardId = () => Object.keys(resources).find((id) => id.startsWith('Dashboard'))!;
const listSharedRepositoriesId = () => functionLogicalId('listSharedRepositories');
const signingKeyId = () => ofType('AWS::KMS::Key').find(([, key]) => key.Properties.KeySpec === 'ECC_NIST_P256')![0];

/** A CloudFormation string (Fn::Join of literals and references) with each reference written `<Id>` or `<Id.Attr>`. */
function written(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = value as Json;
  if (json.Ref) return `<${json.Ref}>`;
  if (json['Fn::GetAtt']) return `<${json['Fn::GetAtt'].join('.')}>`;
  if (json['Fn::Join']) return (json['Fn::Join'][1] as unknown[]).map(written).join(json['Fn::Join'][0]);
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

describe('the registry switch', () => {
  it('is off by default: the template is the same with registry=false, and holds nothing of the registry', () => {
    expect(synthesize({ registry: 'false' })).toEqual(off);
    expect(synthesize({ registry: false })).toEqual(off);
    const types = new Set(Object.values(off.Resources as Record<string, Resource>).map((resource) => resource.Type));
    for (const type of [
      'AWS::ECS::Service',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::S3::Bucket',
      'Custom::RegistryRootCertificate',
    ]) {
      expect(types.has(type)).toBe(false);
    }
    expect(Object.keys(off.Parameters)).not.toContain('RegistryCertificateArn');
  });

  it('on, adds to the stack and changes nothing of it but the signing key’s policy, the dashboard and the registry address', () => {
    const extended = [signingKeyId(), dashboardId(), listSharedRepositoriesId()];
    for (const [id, resource] of Object.entries(off.Resources as Record<string, Resource>)) {
      if (!extended.includes(id)) expect({ id, resource: resources[id] }).toEqual({ id, resource });
    }
    // The function that shows image paths gains exactly one variable: the registry's host.
    const variablesOf = (json: Json) => json.Resources[listSharedRepositoriesId()].Properties.Environment.Variables as Json;
    expect(variablesOf(on)).toEqual({ ...variablesOf(off), [ENV.registryAddress]: ref('RegistryDomainName') });
    expect(variablesOf(off)).not.toHaveProperty(ENV.registryAddress);
    for (const [id, resource] of ofType('AWS::Lambda::Function')) {
      if (id !== listSharedRepositoriesId())
        expect(resource.Properties.Environment?.Variables ?? {}).not.toHaveProperty(ENV.registryAddress);
    }
    for (const section of ['Parameters', 'Outputs', 'Conditions', 'Rules', 'Mappings'] as const) {
      for (const [name, value] of Object.entries((off[section] ?? {}) as Json)) expect(on[section][name]).toEqual(value);
    }
    // The key policy gains exactly one statement: the certificate maker's Sign.
    const statements = (json: Json) => json.Resources[signingKeyId()].Properties.KeyPolicy.Statement as Json[];
    expect(statements(on).slice(0, -1)).toEqual(statements(off));
  });

  it('refuses anything but true or false', () => {
    expect(() => synthesize({ registry: 'yes' })).toThrow('registry must be true or false, not yes');
  });
});

describe('the registry tasks', () => {
  it('run the official distribution 3 image, pinned by tag and digest', () => {
    expect(REGISTRY_IMAGE_REFERENCE).toMatch(/^registry:3\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(container().Image).toBe(REGISTRY_IMAGE_REFERENCE);
  });

  it('are two on Fargate (arm64), in two subnets of two Availability Zones, rolled back when a deployment never turns healthy', () => {
    const service = propertiesOf('AWS::ECS::Service');
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      AvailabilityZoneRebalancing: 'ENABLED',
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100 },
    });
    const subnets = service.NetworkConfiguration.AwsvpcConfiguration.Subnets.map((subnet: Json) => resources[subnet.Ref]!.Properties);
    expect(subnets.map((subnet: Json) => subnet.AvailabilityZone['Fn::Select'][0])).toEqual([0, 1]);
    expect(propertiesOf('AWS::ECS::TaskDefinition')).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
  });

  it('are reached only from the load balancer, on the registry port', () => {
    const taskGroup = ofType('AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('RegistryTaskSecurityGroup'))![0];
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, rule]) => rule.Properties);
    expect(ingress).toEqual([
      expect.objectContaining({ GroupId: { 'Fn::GetAtt': [taskGroup, 'GroupId'] }, FromPort: 5000, ToPort: 5000, IpProtocol: 'tcp' }),
    ]);
    expect(ingress[0]!.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/^RegistryLoadBalancerSecurityGroup/);
  });

  it('start through the task-start script: it writes the rendered configuration and the certificate, then runs the registry', () => {
    expect(container().EntryPoint).toEqual(['/bin/sh', '-c', TASK_START_SCRIPT, 'task-start']);
    const [configFile, config, binary] = container().Command;
    expect([configFile, binary]).toEqual([REGISTRY_CONFIG_FILE, 'registry']);
    const realm = written(on.Outputs.RegistryAuthRealm.Value);
    expect(realm).toMatch(/^https:\/\/<Api[0-9A-F]+>\.execute-api\..*\/registry\/token$/);
    expect(written(config)).toBe(
      registryConfigYaml(
        { realm, service: '<RegistryService>', issuer: '<RegistryTokenIssuer>', rootCertBundle: REGISTRY_ROOT_CERTIFICATE_FILE },
        { s3: { region: '<AWS::Region>', bucket: `<${storageBucketId()}>` } },
      ),
    );
  });

  it('share one http.secret, generated in Secrets Manager, and get the root certificate from its SSM parameter', () => {
    const [secretId, secret] = onlyOf('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    const [parameterId, parameter] = onlyOf('AWS::SSM::Parameter');
    const [certificateId] = onlyOf('Custom::RegistryRootCertificate');
    expect(parameter.Properties).toMatchObject({ Type: 'String', Value: { 'Fn::GetAtt': [certificateId, 'Certificate'] } });
    expect(container().Secrets).toEqual([
      {
        Name: 'ROOT_CERTIFICATE',
        ValueFrom: expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([ref(parameterId)])]) }),
      },
      { Name: 'REGISTRY_HTTP_SECRET', ValueFrom: ref(secretId) },
    ]);
    // Every task of the one service runs the one task definition.
    expect(propertiesOf('AWS::ECS::Service').TaskDefinition).toEqual(ref(onlyOf('AWS::ECS::TaskDefinition')[0]));
    // A new certificate changes the task definition, so the tasks are replaced with ones that read it.
    expect(container().DockerLabels).toEqual({ 'root-certificate-sha256': { 'Fn::GetAtt': [certificateId, 'Sha256'] } });
    expect(container().Environment).toBeUndefined();
  });

  it('log as JSON to a log group of their own', () => {
    expect(container().LogConfiguration).toMatchObject({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': { Ref: expect.stringMatching(/^RegistryLogs/) } },
    });
  });
});

describe('the root certificate', () => {
  it('is made at deploy by a custom resource of the signing key, which may only Sign with it, ES256', () => {
    const [, certificate] = onlyOf('Custom::RegistryRootCertificate');
    expect(certificate.Properties).toMatchObject({ KeyId: arnOf(signingKeyId()) });
    const maker = resources.RegistryRootCertificateFunction!.Properties;
    const role = maker.Role['Fn::GetAtt'][0];
    expect(certificate.Properties.ServiceToken).toEqual(arnOf('RegistryRootCertificateFunction'));
    const policy = ofType('AWS::IAM::Policy').find(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === role))![1];
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    expect(statements.filter((s) => String(s.Action).startsWith('kms:'))).toEqual([
      { Effect: 'Allow', Action: 'kms:Sign', Resource: arnOf(signingKeyId()) },
    ]);
    const keyStatements = resources[signingKeyId()]!.Properties.KeyPolicy.Statement as Json[];
    expect(keyStatements.at(-1)).toMatchObject({
      Action: 'kms:Sign',
      Principal: { AWS: arnOf(role) },
      Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
    });
    expect(maker.Environment.Variables).toMatchObject({ REGISTRY_SIGNING_KEY_ARN: arnOf(signingKeyId()) });
  });
});

describe('the load balancer', () => {
  it('is internet-facing, with an idle timeout long enough for large layers', () => {
    const loadBalancer = propertiesOf('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(loadBalancer.Scheme).toBe('internet-facing');
    const idle = loadBalancer.LoadBalancerAttributes.find((a: Json) => a.Key === 'idle_timeout.timeout_seconds');
    expect(Number(idle.Value)).toBe(REGISTRY_IDLE_TIMEOUT.toSeconds());
    expect(Number(idle.Value)).toBeGreaterThanOrEqual(300);
  });

  it('listens with HTTPS on 443 with the certificate given as an input, and redirects HTTP to it', () => {
    expect(on.Parameters.RegistryCertificateArn).toMatchObject({ Type: 'String', AllowedPattern: expect.stringContaining(':acm:') });
    expect(on.Parameters.RegistryCertificateArn.Default).toBeUndefined();
    const listeners = ofType('AWS::ElasticLoadBalancingV2::Listener').map(([, listener]) => listener.Properties);
    const https = listeners.find((listener) => listener.Port === 443)!;
    expect(https).toMatchObject({ Protocol: 'HTTPS', Certificates: [{ CertificateArn: ref('RegistryCertificateArn') }] });
    expect(https.SslPolicy).toMatch(/TLS13/);
    expect(listeners.find((listener) => listener.Port === 80)).toMatchObject({
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  it('checks the tasks’ health on `/` (200 while the storage check passes) and forwards to the registry port', () => {
    expect(propertiesOf('AWS::ElasticLoadBalancingV2::TargetGroup')).toMatchObject({
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      Port: 5000,
      Protocol: 'HTTP',
      TargetType: 'ip',
    });
  });
});

describe('the storage bucket', () => {
  it('is encrypted, blocks public access, keeps no versions, aborts unfinished multipart uploads, and is kept', () => {
    const bucket = resources[storageBucketId()]!;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }] },
    });
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('refuses every request that is not TLS', () => {
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === storageBucketId())![1];
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Resource: [arnOf(storageBucketId()), { 'Fn::Join': ['', [arnOf(storageBucketId()), '/*']] }],
    });
  });

  it('is the only thing the task role may touch: exactly the S3 actions distribution documents for its S3 driver', () => {
    const taskRole = propertiesOf('AWS::ECS::TaskDefinition').TaskRoleArn['Fn::GetAtt'][0];
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === taskRole));
    expect(policies).toHaveLength(1);
    const bucket = storageBucketId();
    // docs/content/storage-drivers/s3.md of distribution v3.1.1, "S3 permission scopes".
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], Resource: arnOf(bucket) },
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        Resource: { 'Fn::Join': ['', [arnOf(bucket), '/*']] },
      },
    ]);
  });
});

describe('the registry outputs', () => {
  it('name the registry host (the input the certificate covers) and where its DNS record must point', () => {
    expect(on.Outputs.RegistryHost.Value).toEqual(ref('RegistryDomainName'));
    expect(on.Outputs.RegistryLoadBalancerDnsName.Value).toEqual({
      'Fn::GetAtt': [onlyOf('AWS::ElasticLoadBalancingV2::LoadBalancer')[0], 'DNSName'],
    });
    expect(on.Outputs.RegistryRootCertificateParameterName.Value).toEqual(ref(onlyOf('AWS::SSM::Parameter')[0]));
  });
});

describe('the registry alarms', () => {
  const alarm = (name: string) =>
    ofType('AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === `${STACK_NAME}-${name}`)![1].Properties;
  const topic = () => ref(ofType('AWS::SNS::Topic')[0]![0]);

  it('notify the service’s topic, into ALARM and back to OK, each with its row in docs/operating.md (what it means, what to do)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/operating.md', import.meta.url)), 'utf8');
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    for (const name of ['Registry5xxRate', 'RegistryUnhealthyTasks', 'RegistryTaskRestarts']) {
      expect({ name, alarm: alarm(name).AlarmActions, ok: alarm(name).OKActions }).toEqual({ name, alarm: [topic()], ok: [topic()] });
      expect(alarm(name).AlarmDescription).toContain('What to do: docs/operating.md, "On AWS: the alarms".');
      expect({ name, documented: rows.some((row) => row.startsWith(`| \`${name}\` `)) }).toEqual({ name, documented: true });
    }
  });

  it('watch the 5xx rate of the load balancer and the tasks, with the service’s 5xx thresholds', () => {
    const rate = alarm('Registry5xxRate');
    expect(rate.Threshold).toBe(DEFAULT_ALARM_THRESHOLDS.alarm5xxRatePercent);
    const names = (rate.Metrics as Json[])
      .filter((m) => m.MetricStat)
      .map((m) => m.MetricStat.Metric.MetricName)
      .sort();
    expect(names).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
  });

  it('watch unhealthy tasks and tasks that stopped unasked (EventBridge’s task stops, kept in a log group)', () => {
    expect(alarm('RegistryUnhealthyTasks')).toMatchObject({
      MetricName: 'UnHealthyHostCount',
      Namespace: 'AWS/ApplicationELB',
      Threshold: 1,
    });
    const [ruleId, rule] = onlyOf('AWS::Events::Rule');
    expect(alarm('RegistryTaskRestarts')).toMatchObject({
      Namespace: 'AWS/Events',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'RuleName', Value: ref(ruleId) }],
      Threshold: 1,
      EvaluationPeriods: 1,
    });
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: { lastStatus: ['STOPPED'] },
    });
    // The log group itself (EventBridge writes only to one named /aws/events/…), not its streams' `…:*`.
    const [logGroupId, logGroup] = ofType('AWS::Logs::LogGroup').find(([id]) => id.startsWith('RegistryTaskStops'))!;
    expect(logGroup.Properties.LogGroupName).toBe('/aws/events/SwrAccessDomains-registry-task-stops');
    expect(written(rule.Properties.Targets[0].Arn)).toBe(
      `arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<${logGroupId}>`,
    );
    expect(rule.DependsOn).toEqual([expect.stringMatching(/^RegistryTaskStopsDelivery/)]);
  });

  it('are on the dashboard, with the registry’s graphs', () => {
    const body = JSON.stringify(propertiesOf('AWS::CloudWatch::Dashboard').DashboardBody);
    for (const name of ['Registry5xxRate', 'RegistryUnhealthyTasks', 'RegistryTaskRestarts']) {
      const [id] = ofType('AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === `${STACK_NAME}-${name}`)!;
      expect(body).toContain(JSON.stringify(arnOf(id)));
    }
    expect(body).toContain('Registry: requests and 5xx');
  });
});
