import { describe, expect, it, jest } from '@jest/globals';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServiceApp } from '../../infra/serviceApp.js';
import { OPERATIONS, ROUTES } from '../../lambda/operations/catalog.js';

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: { ruleName: string }[];
  suppressedViolations?: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
}

const noBundling = { 'aws:cdk:bundling-stacks': [] };

/** What cdk-nag's AwsSolutions pack reported in a synthesized assembly. */
function nagReport(
  assemblyDirectory: string,
): PluginReport & { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] } {
  const report = JSON.parse(readFileSync(join(assemblyDirectory, 'validation-report.json'), 'utf8')) as { pluginReports: PluginReport[] };
  return report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions') as ReturnType<typeof nagReport>;
}

const everyMethod = [
  ...ROUTES.map((route) => `SwrAccessDomains/Api/Api/Default${route.path}/${route.method}/Resource`),
  // The web console's page and files (infra/constructs/ConsoleRoutes.ts), public with their own reason.
  ...['console/GET', 'console/console.js/GET', 'console/console.css/GET', 'console/{path+}/ANY'].map(
    (method) => `SwrAccessDomains/Api/Api/Default/${method}/Resource`,
  ),
].sort();

/** Every finding acknowledged in the stack, and where; a new one must be added here on purpose. */
const ACKNOWLEDGED = {
  'AwsSolutions-APIG2': ['SwrAccessDomains/Api/Api/Resource'],
  'AwsSolutions-APIG3': ['SwrAccessDomains/Api/Api/DeploymentStage.prod/Resource'],
  'AwsSolutions-APIG4': everyMethod,
  'AwsSolutions-COG4': everyMethod,
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]': [
    'SwrAccessDomains/Api/Api/CloudWatchRole/Resource',
  ],
  // X-Ray's two actions on "*" in each traced function's role (AccessDomainsStack.test.ts: the only statement on "*").
  'AwsSolutions-IAM5[Resource::*]': OPERATIONS.map((operation) => `SwrAccessDomains/${operation}/Role/DefaultPolicy/Resource`).sort(),
  // The audit forwarder's failed-batch queue is itself a dead-letter queue.
  'AwsSolutions-SQS3': ['SwrAccessDomains/Audit/FailedBatches/Resource'],
};

/** What the registry adds (-c registry=true: infra/constructs/RegistryService.ts), each with its reason there. */
const ACKNOWLEDGED_FOR_THE_REGISTRY = {
  'AwsSolutions-EC23': ['SwrAccessDomains/Registry/LoadBalancerSecurityGroup/Resource'],
  'AwsSolutions-ECS4': ['SwrAccessDomains/Registry/Cluster/Resource'],
  'AwsSolutions-ELB2': ['SwrAccessDomains/Registry/LoadBalancer/Resource'],
  // The documented object actions of distribution's S3 driver, on its own bucket's objects.
  'AwsSolutions-IAM5[Resource::<RegistryStorageA3A02314.Arn>/*]': ['SwrAccessDomains/Registry/Task/TaskRole/DefaultPolicy/Resource'],
  'AwsSolutions-SMG4': ['SwrAccessDomains/Registry/HttpSecret/Resource'],
};

describe('cdk-nag AwsSolutions checks', () => {
  it.each([
    ['the stack', {}, ACKNOWLEDGED],
    ['the stack with its registry', { registry: 'true' }, { ...ACKNOWLEDGED, ...ACKNOWLEDGED_FOR_THE_REGISTRY }],
  ])(
    'pass on %s: every finding is acknowledged with a reason, and only the expected ones',
    (_, context, expected) => {
      const { app } = createServiceApp({ context: { ...noBundling, ...context } });
      const assembly = app.synth(); // throws on an unacknowledged finding of level error
      const nag = nagReport(assembly.directory);
      // An unacknowledged warning does not stop the synth: it is refused here.
      expect(nag).toMatchObject({ conclusion: 'success', violations: [] });

      const acknowledged = nag!.suppressedViolations ?? [];
      // One entry per acknowledgement: a rule acknowledged in several places (one per traced role) has several.
      const where: Record<string, string[]> = {};
      for (const finding of acknowledged) {
        where[finding.ruleName] = [
          ...(where[finding.ruleName] ?? []),
          ...finding.violatingConstructs.map((construct) => construct.constructPath),
        ].sort();
      }
      expect(where).toEqual(expected);
      for (const finding of acknowledged) expect(finding.reason.length).toBeGreaterThan(150);
    },
    60_000,
  );

  it("fail the app's synth on an error-level finding in its stack that nobody acknowledged, naming the rule and the construct", () => {
    // The app as infra/app.ts builds it, with one careless addition: a bucket that allows plain HTTP.
    const { app, stack } = createServiceApp({ context: noBundling });
    new Bucket(stack, 'Careless');
    expect(() => app.synth()).toThrow(
      /ERROR .*require requests to use SSL.*\n\s*SwrAccessDomains\/Careless\/Resource .*\n\s*Acknowledge with 'AwsSolutions::AwsSolutions-S10'/,
    );
  }, 60_000);

  it('report a warning-level finding nobody acknowledged, which the first test then refuses (the synth itself goes on)', () => {
    const { app, stack } = createServiceApp({ context: noBundling });
    new Table(stack, 'Careless', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const nag = nagReport(app.synth().directory);
      expect(nag.conclusion).toBe('success');
      expect(nag.violations).toEqual([
        expect.objectContaining({
          ruleName: 'AwsSolutions-DDB3',
          violatingConstructs: [expect.objectContaining({ constructPath: 'SwrAccessDomains/Careless/Resource' })],
        }),
      ]);
      expect(printed.mock.calls.flat().join('\n')).toContain('AwsSolutions-DDB3');
    } finally {
      printed.mockRestore();
    }
  }, 60_000);
});
