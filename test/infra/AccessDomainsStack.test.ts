import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { noSuchRoute } from '../../lambda/errors.js';
import { errorBody } from '../../lambda/http/responses.js';
import { OPERATIONS, type Operation, ROUTES, sealingKeyActions, signingKeyActions, tableGrants } from '../../lambda/operations/catalog.js';
import { REGISTRY_TOKEN_PATH } from '../../lambda/operations/paths.js';
import { ConfigError, registryConfigFromEnv } from '../../lambda/runtime/config.js';
import { ENV } from '../../lambda/environment.js';
import {
  DEFAULT_REGISTRY_SERVICE,
  DEFAULT_REGISTRY_TOKEN_ISSUER,
  MAX_REGISTRY_TOKEN_LIFETIME_SECONDS,
  MIN_REGISTRY_TOKEN_LIFETIME_SECONDS,
} from '../../lambda/registry/defaults.js';
import { functionLogicalId } from '../../infra/constructs/ServiceFunction.js';
import { createServiceApp } from '../../infra/serviceApp.js';
import { builtConsoleFile, CONSOLE_CSP, CONSOLE_FILES, CONSOLE_HEADERS, type ConsoleFile } from '../../infra/console/consolePage.js';

/** The token endpoint's two forms, GET (HTTP Basic) and POST (OAuth2): the only functions that sign. */
const TOKEN_OPERATIONS: Operation[] = ['issueRegistryToken', 'issueRegistryTokenOAuth2'];

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/**
 * Bundling is not under test here (bundledFunctions.test.ts), nor CDK's own template
 * validation (nag.test.ts synthesizes with it): both skipped, for speed.
 */
function synthesize(context: Record<string, unknown> = {}): Template {
  const { stack } = createServiceApp({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  return Template.fromStack(stack);
}

let template: Template;
let resources: Record<string, Resource>;
beforeAll(() => {
  template = synthesize();
  resources = template.toJSON().Resources;
}, 60_000);

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const tableId = () => ofType('AWS::DynamoDB::Table')[0]![0];
/** The registry signing key (asymmetric) and the access key sealing key (symmetric). */
const keyId = () => ofType('AWS::KMS::Key').find(([, key]) => key.Properties.KeySpec === 'ECC_NIST_P256')![0];
const keyArn = () => ({ 'Fn::GetAtt': [keyId(), 'Arn'] });
const sealingKeyId = () => ofType('AWS::KMS::Key').find(([id]) => id.startsWith('AccessKeySealingKey'))![0];
const sealingKeyArn = () => ({ 'Fn::GetAtt': [sealingKeyId(), 'Arn'] });
const roleOf = (logicalId: string) => resources[logicalId]!.Properties.Role['Fn::GetAtt'][0] as string;
/** The function that reads the signing key's public half at deploy time. */
const PUBLIC_KEY_READER = 'SigningPublicKeyFunction';
/** The function that copies audit events to the audit log group (test/infra/operating.test.ts). */
const AUDIT_FORWARDER = 'AuditForwarderFunction';
/** What active X-Ray tracing adds to a role: the one statement on "*" (X-Ray has no resource-level permissions). */
const TRACE_WRITING = { actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] };

/** `/a/{b}` for each API Gateway resource, from the parent links. */
function resourcePaths(): Map<string, string> {
  const apiResources = new Map(ofType('AWS::ApiGateway::Resource'));
  const pathOf = (id: string): string => {
    const resource = apiResources.get(id);
    if (!resource) return '';
    const parent = resource.Properties.ParentId;
    return `${parent.Ref ? pathOf(parent.Ref) : ''}/${resource.Properties.PathPart}`;
  };
  return new Map([...apiResources.keys()].map((id) => [id, pathOf(id)]));
}

/** Every method of the REST API: its path and the function it calls. */
function apiMethods() {
  const paths = resourcePaths();
  return ofType('AWS::ApiGateway::Method').map(([, method]) => {
    const uri = JSON.stringify(method.Properties.Integration.Uri ?? null);
    return {
      method: method.Properties.HttpMethod as string,
      path: paths.get(method.Properties.ResourceId.Ref),
      operation: OPERATIONS.find((operation) => uri.includes(`"${functionLogicalId(operation)}"`)),
      type: method.Properties.Integration.Type as string,
    };
  });
}

/** The functions the REST API calls for `method path`. */
const operationsServing = (method: string, path: string): Operation[] =>
  apiMethods()
    .filter((each) => each.method === method && each.path === path)
    .map((each) => each.operation!);

/** Every action the function's role may take, from all policies attached to that role. */
function actionsOf(operation: Operation | typeof PUBLIC_KEY_READER): { actions: string[]; resources: unknown[] }[] {
  const role = roleOf(operation === PUBLIC_KEY_READER ? operation : functionLogicalId(operation));
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
    .map((statement: { Action: string | string[]; Resource: unknown }) => ({
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat(),
    }));
}

describe('the shares table', () => {
  it('is on demand, with point-in-time recovery, deletion protection and TTL on removeAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'removeAt', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byAccount',
          KeySchema: [
            { AttributeName: 'byAccountPk', KeyType: 'HASH' },
            { AttributeName: 'byAccountSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
        Match.objectLike({
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'byOwnerPk', KeyType: 'HASH' },
            { AttributeName: 'byOwnerSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
  });

  it('stays when the stack is deleted or the table replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the functions', () => {
  const newestNode = Runtime.ALL.filter((runtime) => /^nodejs\d+\.x$/.test(runtime.name))
    .map((runtime) => runtime.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .at(-1);

  it('are one per operation and the public key reader, on the newest Node.js runtime, arm64, with explicit memory and timeout', () => {
    // The functions run on the Node.js the project itself runs (and is tested) on.
    expect(newestNode).toBe(`nodejs${process.versions.node.split('.')[0]}.x`);
    template.resourceCountIs('AWS::Lambda::Function', OPERATIONS.length + 2);
    for (const logicalId of [...OPERATIONS.map(functionLogicalId), PUBLIC_KEY_READER, AUDIT_FORWARDER]) {
      expect(resources[logicalId]?.Properties).toMatchObject({
        Runtime: newestNode,
        Architectures: ['arm64'],
        MemorySize: 512,
        Timeout: 10,
        Handler: 'index.handler',
      });
    }
  });

  it.each(OPERATIONS)('%s maps its stack traces through source maps, and reads the token settings from the stack inputs', (operation) => {
    expect(resources[functionLogicalId(operation)]!.Properties.Environment.Variables).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: { Ref: tableId() },
      TOKEN_ISSUER: { Ref: 'TokenIssuer' },
      TOKEN_AUDIENCE: { Ref: 'TokenAudience' },
      TOKEN_JWKS_URL: { Ref: 'TokenJwksUrl' },
      SHARE_RETENTION_DAYS: { Ref: 'ShareRetentionDays' },
    });
  });

  it.each(OPERATIONS)('%s knows the signing key and the registry names only if its catalog entry may sign', (operation) => {
    const variables = resources[functionLogicalId(operation)]!.Properties.Environment.Variables;
    const registryVariables = {
      REGISTRY_SIGNING_KEY_ARN: keyArn(),
      REGISTRY_SIGNING_PUBLIC_KEY: { 'Fn::GetAtt': [ofType('Custom::RegistrySigningPublicKey')[0]![0], 'PublicKey'] },
      REGISTRY_SERVICE: { Ref: 'RegistryService' },
      REGISTRY_TOKEN_ISSUER: { Ref: 'RegistryTokenIssuer' },
      REGISTRY_TOKEN_LIFETIME_SECONDS: { Ref: 'RegistryTokenLifetimeSeconds' },
    };
    if (signingKeyActions(operation).length > 0) {
      expect(variables).toMatchObject(registryVariables);
    } else {
      for (const name of Object.keys(registryVariables)) expect(variables).not.toHaveProperty(name);
    }
  });

  it('each log to a log group of their own', () => {
    const logGroups = OPERATIONS.map((operation) => resources[functionLogicalId(operation)]!.Properties.LoggingConfig.LogGroup.Ref);
    expect(new Set(logGroups).size).toBe(OPERATIONS.length);
    for (const logGroup of logGroups) expect(resources[logGroup]?.Type).toBe('AWS::Logs::LogGroup');
  });
});

describe('permissions', () => {
  /** The table's ARN, or the ARNs of the indexes a grant names. */
  function tableResources(indexes: readonly string[]): object[] {
    const tableArn = { 'Fn::GetAtt': [tableId(), 'Arn'] };
    if (indexes.length === 0) return [tableArn];
    return indexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] }));
  }

  it.each(OPERATIONS)('%s may do exactly the table access its catalog entry names, plus reading access keys, there alone', (operation) => {
    const tableStatements = actionsOf(operation).filter(({ actions }) => actions.some((action) => action.startsWith('dynamodb:')));
    const expected = tableGrants(operation).map(({ actions, indexes }) => ({ actions: [...actions], resources: tableResources(indexes) }));
    // That these are what the function sends, no more, no less: test/lambda/operations/tableGrants.test.ts.
    expect(tableStatements).toEqual(expected);
  });

  it.each(['listShares', 'showShare'] as const)('%s, a reader, holds no action that writes', (operation) => {
    const actions = actionsOf(operation).flatMap((statement) => statement.actions);
    expect(actions.filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)/.test(action))).toEqual([]);
  });

  const onKey = (operation: Operation, arn: object) =>
    actionsOf(operation).filter(({ resources }) => JSON.stringify(resources) === JSON.stringify([arn]));

  it.each(OPERATIONS)('%s may use the signing key exactly as its catalog entry says', (operation) => {
    const actions = signingKeyActions(operation);
    expect(onKey(operation, keyArn())).toEqual(actions.length > 0 ? [{ actions: [...actions], resources: [keyArn()] }] : []);
  });

  it.each(OPERATIONS)('%s may decrypt access key secrets, and encrypt them only if its catalog entry says so', (operation) => {
    expect(onKey(operation, sealingKeyArn())).toEqual([{ actions: [...sealingKeyActions(operation)], resources: [sealingKeyArn()] }]);
    expect(resources[functionLogicalId(operation)]!.Properties.Environment.Variables.ACCESS_KEY_SEALING_KEY_ARN).toEqual(sealingKeyArn());
  });

  it('lets only the function behind POST /v3.0/OS-CREDENTIAL/credentials encrypt, and no one use any other KMS key', () => {
    const encrypters = OPERATIONS.filter((operation) =>
      onKey(operation, sealingKeyArn()).some(({ actions }) => actions.includes('kms:Encrypt')),
    );
    expect(encrypters).toEqual(operationsServing('POST', '/v3.0/OS-CREDENTIAL/credentials'));
    for (const operation of OPERATIONS) {
      const kmsStatements = actionsOf(operation).filter(({ actions }) => actions.some((action) => action.startsWith('kms:')));
      expect(kmsStatements).toHaveLength(onKey(operation, keyArn()).length + onKey(operation, sealingKeyArn()).length);
    }
  });

  it('lets exactly the functions behind the token endpoint (GET and POST) sign, with kms:Sign alone', () => {
    const signers = OPERATIONS.filter((operation) =>
      actionsOf(operation).some(({ actions }) => actions.some((action) => /^kms:Sign/.test(action))),
    );
    const tokenEndpoint = [...operationsServing('GET', REGISTRY_TOKEN_PATH), ...operationsServing('POST', REGISTRY_TOKEN_PATH)];
    expect(signers.sort()).toEqual(tokenEndpoint.sort());
    expect(tokenEndpoint.sort()).toEqual([...TOKEN_OPERATIONS].sort());
    for (const operation of signers) expect(onKey(operation, keyArn())).toEqual([{ actions: ['kms:Sign'], resources: [keyArn()] }]);
  });

  it("names, in the sealing key's policy, each function for exactly its catalog actions under an access key context", () => {
    const statements = resources[sealingKeyId()]!.Properties.KeyPolicy.Statement as {
      Sid: string;
      Action: string | string[];
      Principal: { AWS: unknown };
      Condition?: unknown;
    }[];
    for (const operation of OPERATIONS) {
      const principal = { AWS: { 'Fn::GetAtt': [roleOf(functionLogicalId(operation)), 'Arn'] } };
      const own = statements.filter((statement) => JSON.stringify(statement.Principal) === JSON.stringify(principal));
      expect(own).toEqual([
        expect.objectContaining({
          Action: sealingKeyActions(operation).length === 1 ? sealingKeyActions(operation)[0] : [...sealingKeyActions(operation)],
          Condition: { Null: { 'kms:EncryptionContext:accessKey': 'false' } },
        }),
      ]);
    }
    const administration = statements.find((statement) => statement.Sid === 'KeyAdministrationThroughIam')!;
    for (const action of [administration.Action].flat()) expect(action).not.toMatch(/\*|Decrypt|Encrypt/);
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true }), DeletionPolicy: 'Retain' });
  });

  it.each(OPERATIONS)('%s may write its own log group and its traces, and nothing else outside the table and the key', (operation) => {
    const logGroup = resources[functionLogicalId(operation)]!.Properties.LoggingConfig.LogGroup.Ref;
    const others = actionsOf(operation).filter(({ actions }) => !actions.some((action) => /^(dynamodb|kms):/.test(action)));
    expect(others).toEqual(
      expect.arrayContaining([
        { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [{ 'Fn::GetAtt': [logGroup, 'Arn'] }] },
        TRACE_WRITING,
      ]),
    );
    expect(others).toHaveLength(2);
  });

  it('lets the public key reader read the public key of the signing key, and write its log group: nothing else', () => {
    const logGroup = resources[PUBLIC_KEY_READER]!.Properties.LoggingConfig.LogGroup.Ref;
    expect(actionsOf(PUBLIC_KEY_READER)).toEqual(
      expect.arrayContaining([
        { actions: ['kms:GetPublicKey'], resources: [keyArn()] },
        { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [{ 'Fn::GetAtt': [logGroup, 'Arn'] }] },
      ]),
    );
    expect(actionsOf(PUBLIC_KEY_READER)).toHaveLength(2);
  });

  it('has no wildcard action and no wildcard resource in any policy but X-Ray trace writing, and no managed policy on a function role', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action).not.toContain('*');
        const onEverything = [statement.Resource].flat().includes('*');
        // X-Ray has no resource-level permissions: its two actions, and only they, name "*".
        if (onEverything) expect({ actions, resources: [statement.Resource].flat() }).toEqual(TRACE_WRITING);
      }
    }
    const functionRoles = [...OPERATIONS.map(functionLogicalId), PUBLIC_KEY_READER, AUDIT_FORWARDER].map(roleOf);
    for (const role of functionRoles) expect(resources[role]?.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the registry token signing key', () => {
  type Statement = { Sid: string; Action: string | string[]; Principal: { AWS: unknown }; Condition?: unknown };
  const keyPolicy = () => resources[keyId()]!.Properties.KeyPolicy.Statement as Statement[];

  it('is one KMS asymmetric P-256 key for signing, kept when the stack is deleted or the key replaced', () => {
    // The others: the access key sealing key, and the alarm topic's key (test/infra/operating.test.ts).
    template.resourceCountIs('AWS::KMS::Key', 3);
    expect(ofType('AWS::KMS::Key').filter(([, key]) => key.Properties.KeySpec !== undefined)).toHaveLength(1);
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it("lets only the token functions' roles sign, ES256 only; the account may administer it but not sign", () => {
    const signers = keyPolicy().filter((statement) => [statement.Action].flat().some((action) => /^kms:(Sign|\*)/.test(action)));
    expect(signers).toEqual(
      TOKEN_OPERATIONS.map((operation) =>
        expect.objectContaining({
          Action: 'kms:Sign',
          Principal: { AWS: { 'Fn::GetAtt': [roleOf(functionLogicalId(operation)), 'Arn'] } },
          Condition: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
        }),
      ),
    );
    const administration = keyPolicy().find((statement) => statement.Sid === 'KeyAdministrationThroughIam')!;
    expect(JSON.stringify(administration.Principal)).toContain(':root');
    expect([administration.Action].flat()).toEqual(expect.arrayContaining(['kms:GetPublicKey', 'kms:PutKeyPolicy', 'kms:CreateGrant']));
    for (const action of [administration.Action].flat()) expect(action).not.toMatch(/\*|Sign|Verify|Decrypt|Encrypt/);
  });

  it('hands its public half to the token function through a deploy-time resource that reads it', () => {
    const [[, publicKey]] = ofType('Custom::RegistrySigningPublicKey') as [[string, Resource]];
    expect(publicKey.Properties).toEqual({ ServiceToken: { 'Fn::GetAtt': [PUBLIC_KEY_READER, 'Arn'] }, KeyId: keyArn() });
  });
});

describe('the REST API', () => {
  it('has every route of the catalog, the repos alias too, each calling its function by Lambda proxy', () => {
    // The rest are the web console's, answered by API Gateway itself (test/infra/consoleRoutes.test.ts).
    const methods = apiMethods().filter((method) => method.type !== 'MOCK');
    const expected = ROUTES.map((route) => ({ method: route.method, path: route.path, operation: route.operation, type: 'AWS_PROXY' }));
    expect(methods).toHaveLength(expected.length);
    expect(methods).toEqual(expect.arrayContaining(expected));
    expect(methods.filter((method) => method.path?.includes('/repos/')).length).toBeGreaterThan(0);
    expect(methods).toContainEqual({ method: 'GET', path: REGISTRY_TOKEN_PATH, operation: 'issueRegistryToken', type: 'AWS_PROXY' });
  });

  it('throttles the stage, logs access, and logs execution errors without bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('takes other throttling limits from the context', () => {
    synthesize({ throttleRateLimit: 7, throttleBurstLimit: 9 }).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 })],
    });
  });

  it('answers an unknown route with 404 and the API error body, not 403 "Missing Authentication Token"', () => {
    const response = ofType('AWS::ApiGateway::GatewayResponse').find(
      ([, resource]) => resource.Properties.ResponseType === 'MISSING_AUTHENTICATION_TOKEN',
    )?.[1];
    expect(response?.Properties.StatusCode).toBe('404');
    expect(JSON.parse(response?.Properties.ResponseTemplates['application/json'])).toEqual(errorBody(noSuchRoute()));
  });

  it('answers its own other errors (throttling, 4xx, 5xx) in the API error format', () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').map(([, resource]) => resource.Properties);
    expect(responses.map((response) => response.ResponseType)).toEqual(expect.arrayContaining(['THROTTLED', 'DEFAULT_4XX', 'DEFAULT_5XX']));
    for (const response of responses) {
      const body = response.ResponseTemplates['application/json'].replaceAll('$context.error.messageString', '"a message"');
      expect(Object.keys(JSON.parse(body))).toEqual(['errorCode', 'errorMessage', 'error_code', 'error_msg']);
    }
  });
});

describe('logs', () => {
  it('are kept for a month, one for each function and for API access; only the audit trail is kept a year', () => {
    const auditGroup = template.toJSON().Outputs.AuditLogGroupName.Value.Ref as string;
    const groups = ofType('AWS::Logs::LogGroup');
    // Each function's (the operations', the public key reader's, the audit forwarder's), API access, the audit trail.
    expect(groups).toHaveLength(OPERATIONS.length + 4);
    for (const [id, group] of groups)
      expect({ id, retention: group.Properties.RetentionInDays }).toEqual({ id, retention: id === auditGroup ? 365 : 30 });
  });
});

describe('inputs and outputs', () => {
  it('needs the token settings at deploy time (no defaults) and defaults the retention to 30 days', () => {
    const parameters = template.toJSON().Parameters;
    for (const name of ['TokenIssuer', 'TokenAudience', 'TokenJwksUrl']) {
      expect(parameters[name]).toMatchObject({ Type: 'String' });
      expect(parameters[name].Default).toBeUndefined();
    }
    // CloudFormation matches AllowedPattern against the whole value.
    const jwksUrl = new RegExp(`^(?:${parameters.TokenJwksUrl.AllowedPattern})$`);
    expect(jwksUrl.test('https://iam.example.com/v3/OS-FEDERATION/jwks')).toBe(true);
    for (const refused of [
      'http://iam.example.com/jwks',
      'https://',
      'https://iam.example.com/a b',
      ' https://iam.example.com/jwks',
      'ftp://x',
    ]) {
      expect({ refused, matches: jwksUrl.test(refused) }).toEqual({ refused, matches: false });
    }
    expect(parameters.ShareRetentionDays).toMatchObject({ Type: 'Number', Default: 30, MinValue: 0 });
  });

  it('gives the API URL and the table name', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
    template.hasOutput('TableName', { Value: { Ref: tableId() } });
  });

  it("takes the registry's names and the token lifetime as parameters with defaults", () => {
    const parameters = template.toJSON().Parameters;
    expect(parameters.RegistryService).toMatchObject({ Type: 'String', Default: DEFAULT_REGISTRY_SERVICE });
    expect(parameters.RegistryTokenIssuer).toMatchObject({ Type: 'String', Default: DEFAULT_REGISTRY_TOKEN_ISSUER });
    expect(parameters.RegistryTokenLifetimeSeconds).toMatchObject({ Type: 'Number', Default: 300, MinValue: 60, MaxValue: 300 });
  });

  it('bounds the token lifetime exactly as the functions bound their variable', () => {
    const { MinValue, MaxValue } = template.toJSON().Parameters.RegistryTokenLifetimeSeconds;
    const lifetime = (seconds: number) => () => registryConfigFromEnv({ [ENV.registryTokenLifetimeSeconds]: String(seconds) });
    expect([MinValue, MaxValue]).toEqual([MIN_REGISTRY_TOKEN_LIFETIME_SECONDS, MAX_REGISTRY_TOKEN_LIFETIME_SECONDS]);
    expect(lifetime(MinValue)).not.toThrow();
    expect(lifetime(MaxValue)).not.toThrow();
    expect(lifetime(MinValue - 1)).toThrow(ConfigError);
    expect(lifetime(MaxValue + 1)).toThrow(ConfigError);
  });

  it("sets only the functions' own variables (lambda/environment.ts), besides Node's", () => {
    const names: readonly string[] = Object.values(ENV);
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const set = Object.keys(fn.Properties.Environment?.Variables ?? {}).filter((name) => name !== 'NODE_OPTIONS');
      expect({ id, strangers: set.filter((name) => !names.includes(name)) }).toEqual({ id, strangers: [] });
    }
  });

  it("gives what a registry's auth.token block needs: realm, service, issuer; and the key's ARN and kid", () => {
    const outputs = template.toJSON().Outputs;
    const apiUrlParts = outputs.ApiUrl.Value['Fn::Join'][1] as unknown[];
    expect(apiUrlParts.at(-1)).toBe('/');
    expect(outputs.RegistryAuthRealm.Value).toEqual({ 'Fn::Join': ['', [...apiUrlParts.slice(0, -1), REGISTRY_TOKEN_PATH]] });
    expect(outputs.RegistryAuthService.Value).toEqual({ Ref: 'RegistryService' });
    expect(outputs.RegistryAuthIssuer.Value).toEqual({ Ref: 'RegistryTokenIssuer' });
    expect(outputs.RegistrySigningKeyArn.Value).toEqual(keyArn());
    expect(outputs.RegistryRootKeyId.Value).toEqual({ 'Fn::GetAtt': [ofType('Custom::RegistrySigningPublicKey')[0]![0], 'KeyId'] });
  });
});

describe('the web console', () => {
  const consoleMethods = () => ofType('AWS::ApiGateway::Method').filter(([, method]) => method.Properties.Integration.Type === 'MOCK');
  const paths = () => resourcePaths();
  const templateOf = (method: string, path: string) => {
    const [, found] = consoleMethods().find(
      ([, each]) => each.Properties.HttpMethod === method && paths().get(each.Properties.ResourceId.Ref) === path,
    )!;
    return found.Properties.Integration.IntegrationResponses[0].ResponseTemplates['application/json'];
  };
  const setsHeader = (name: string, value: string) => `#set($context.responseOverride.header.${name} = "${value}")`;

  it("is served by the API's own REST API (one origin, its TLS), from templates: no function, bucket or CDN", () => {
    expect(ofType('AWS::ApiGateway::RestApi')).toHaveLength(1);
    expect(ofType('AWS::CloudFront::Distribution')).toEqual([]);
    expect(ofType('AWS::S3::Bucket')).toEqual([]);
    const served = consoleMethods().map(([, method]) => `${method.Properties.HttpMethod} ${paths().get(method.Properties.ResourceId.Ref)}`);
    expect(served.sort()).toEqual(['ANY /console/{path+}', 'GET /console', 'GET /console/console.css', 'GET /console/console.js']);
    const urlOf = (output: string) =>
      (template.toJSON().Outputs[output].Value['Fn::Join'][1] as unknown[])
        .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
        .join('');
    expect(urlOf('ConsoleUrl')).toBe(`${urlOf('ApiUrl')}console/`);
  });

  it('answers every console path with the CSP and the other console headers', () => {
    for (const [, method] of consoleMethods()) {
      const text = JSON.stringify(method.Properties.Integration.IntegrationResponses[0].ResponseTemplates['application/json']);
      for (const [name, value] of Object.entries(CONSOLE_HEADERS))
        expect(text).toContain(JSON.stringify(setsHeader(name, value)).slice(1, -1));
      const declared = method.Properties.MethodResponses[0].ResponseParameters;
      expect(declared['method.response.header.Content-Security-Policy']).toBe(true);
    }
    expect(CONSOLE_HEADERS['Content-Security-Policy']).toBe(CONSOLE_CSP);
  });

  it('holds the built files, the page naming them and the stack’s share limit, and a 404 in the API format for the rest', () => {
    for (const name of Object.keys(CONSOLE_FILES) as ConsoleFile[]) {
      const text: string = templateOf('GET', `/console/${name}`);
      expect(text).toContain(setsHeader('Content-Type', CONSOLE_FILES[name]));
      const encoded = /\$util\.base64Decode\("([A-Za-z0-9+/=]+)"\)$/.exec(text)![1]!;
      expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(builtConsoleFile(name));
    }
    const page = JSON.stringify(templateOf('GET', '/console'));
    expect(page).toContain('<script src=\\"console.js\\" defer></script>');
    expect(page).toContain('<base href=\\"$base\\">');
    expect(page).toContain('{"Ref":"MaxAccountsPerRepository"}');
    expect(page).not.toContain('swr-local-iam');
    const notFound: string = templateOf('ANY', '/console/{path+}');
    expect(notFound.endsWith(JSON.stringify(errorBody(noSuchRoute())))).toBe(true);
    const [, anyMethod] = consoleMethods().find(([, method]) => method.Properties.HttpMethod === 'ANY')!;
    expect(anyMethod.Properties.Integration.IntegrationResponses[0].StatusCode).toBe('404');
  });
});
