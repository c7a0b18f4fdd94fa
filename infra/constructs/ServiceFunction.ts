import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { Operation } from '../../lambda/operations/catalog.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The newest Node.js runtime aws-cdk-lib knows (cdk-nag's AwsSolutions-L1 checks it). */
const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
/** The same for esbuild: `node24`. */
const BUNDLE_TARGET = FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * 512 MB, for CPU: Lambda gives CPU in proportion to memory (a full vCPU at 1,769 MB), and
 * a cold start here is CPU-bound: importing the ~400 KB bundle takes ~0.1 s of a full core
 * (measured locally), then comes a signature check. The process needs ~60 MB, so 128 MB
 * would do for memory but would stretch that start to over a second.
 */
export const MEMORY_MB = 512;

/**
 * 10 s: a cold start, a JWKS fetch (jose gives up after 5 s) and a DynamoDB call with the
 * SDK's retries fit; and a stuck call ends in the function, logged, well before API
 * Gateway's 29 s integration timeout would answer 504 with nothing in our logs.
 */
export const FUNCTION_TIMEOUT = Duration.seconds(10);

/**
 * How every function is bundled: one ES module, minified, with a source map, the AWS SDK
 * inside. Exported so that the benchmark builds its floor the very same way.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: BUNDLE_TARGET,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The SDK in the bundle loads faster than the runtime's copy, and is the version tested.
  bundleAwsSDK: true,
  // CommonJS dependencies (ajv's runtime) call require(); an ES module has none of its own.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // esbuild's size table of every bundle on every synth is noise; its warnings are not.
  logLevel: LogLevel.WARNING,
} as const satisfies BundlingOptions;

/** `CreateShareFunction` for `createShare`: the id `sam local invoke` and `npm run invoke` use. */
export function functionLogicalId(operation: Operation): string {
  return `${operation[0]!.toUpperCase()}${operation.slice(1)}Function`;
}

/** The entry file of an operation's function, below lambda/. */
export const operationEntry = (operation: Operation) => `functions/${operation}.ts`;

export interface ServiceFunctionProps {
  /** Its entry file, below lambda/: an operation's is `functions/<operation>.ts` ({@link operationEntry}). */
  entry: string;
  /** The template's logical id, stable across refactorings (`sam local invoke` uses it). */
  logicalId: string;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /**
   * X-Ray: `Tracing.ACTIVE` for the functions behind the API (Lambda's own segments: init,
   * invocation, overhead), none for the deploy-time and log-driven ones (no request to follow).
   * Active tracing gives the role xray:PutTraceSegments and xray:PutTelemetryRecords.
   */
  tracing?: Tracing;
}

/**
 * One Lambda function of the service (its entry file below lambda/), with the defaults every
 * function shares fixed once: runtime, arm64, an esbuild bundle with source maps, and a
 * role that may write its own log group and nothing else until something is bound to it.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    // Our own role instead of AWSLambdaBasicExecutionRole, whose log rights cover every log group.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role = role;
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: `${projectRoot}lambda/${props.entry}`,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: FUNCTION_TIMEOUT,
      role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: FUNCTION_BUNDLING,
      ...(props.tracing && { tracing: props.tracing }),
    });
    (this.function.node.defaultChild as CfnFunction).overrideLogicalId(props.logicalId);
    if (props.tracing === Tracing.ACTIVE) acknowledgeTraceWriting(role);
  }
}

/** The one wildcard resource a traced function's role holds, and why (cdk-nag AwsSolutions-IAM5). */
function acknowledgeTraceWriting(role: Role): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'Active X-Ray tracing: Lambda adds xray:PutTraceSegments and xray:PutTelemetryRecords to the role, ' +
      'and X-Ray supports no resource-level permission for either (they write trace data, not a resource), ' +
      'so their Resource must be "*". Every other statement of the role names its resources; ' +
      'test/infra/AccessDomainsStack.test.ts asserts that the X-Ray actions are the only ones on "*".',
  });
}
