import { describe, expect, it } from '@jest/globals';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSharesApp } from '../../infra/sharesApp.js';
import { ROUTES } from '../../lambda/operations/catalog.js';

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: { ruleName: string }[];
  suppressedViolations?: { ruleName: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
}

const noBundling = { 'aws:cdk:bundling-stacks': [] };

const everyMethod = ROUTES.map((route) => `SwrAccessDomains/Api/Api/Default${route.path}/${route.method}/Resource`).sort();

/** Every finding acknowledged in the stack, and where; a new one must be added here on purpose. */
const ACKNOWLEDGED = {
  'AwsSolutions-APIG2': ['SwrAccessDomains/Api/Api/Resource'],
  'AwsSolutions-APIG3': ['SwrAccessDomains/Api/Api/DeploymentStage.prod/Resource'],
  'AwsSolutions-APIG4': everyMethod,
  'AwsSolutions-COG4': everyMethod,
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]': [
    'SwrAccessDomains/Api/Api/CloudWatchRole/Resource',
  ],
};

describe('cdk-nag AwsSolutions checks', () => {
  it('pass on the stack: every finding is acknowledged with a reason, and only the expected ones', () => {
    const { app } = createSharesApp({ context: noBundling });
    const assembly = app.synth(); // throws on an unacknowledged finding
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: PluginReport[];
    };
    const nag = report.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(nag).toMatchObject({ conclusion: 'success', violations: [] });

    const acknowledged = nag!.suppressedViolations ?? [];
    const where = Object.fromEntries(
      acknowledged.map((finding) => [finding.ruleName, finding.violatingConstructs.map((construct) => construct.constructPath).sort()]),
    );
    expect(where).toEqual(ACKNOWLEDGED);
    for (const finding of acknowledged) expect(finding.reason.length).toBeGreaterThan(150);
  }, 60_000);

  it("fail the app's synth on a finding in its stack that nobody acknowledged, naming the rule and the construct", () => {
    // The app as infra/app.ts builds it, with one careless addition: a table without point-in-time recovery.
    const { app, stack } = createSharesApp({ context: noBundling });
    new Table(stack, 'Careless', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    expect(() => app.synth()).toThrow(/AwsSolutions-DDB3[\s\S]*SwrAccessDomains\/Careless/);
  }, 60_000);
});
