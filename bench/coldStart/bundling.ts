/**
 * The deployed artefacts, and bundles built the very same way, for the cold-start benchmark.
 *
 * The functions are the real thing: the CDK app is synthesized into a folder of our own and
 * each function's bundle found through the template's `aws:asset:path` metadata (as
 * `sam local invoke` finds it), with the environment the template gives it. The floor and
 * the naive variant are built with esbuild from the stack's own bundling options
 * (FUNCTION_BUNDLING); a rebuild of createShare with them must match the deployed one.
 */
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FUNCTION_BUNDLING } from '../../infra/constructs/ServiceFunction.js';
import { readBundledFunctions } from '../../local/invoke/bundledFunctions.js';
import { functionEnvironment } from '../../local/invoke/invokeBundledFunction.js';
import { type LocalSigningKey, localEnvVars } from '../../local/invoke/localSetup.js';
import { createServiceApp, STACK_NAME } from '../../infra/serviceApp.js';
import type { DevKeys } from '../../local/iam/devKeys.js';
import type { Operation } from '../../lambda/operations/catalog.js';

export interface BuiltFunction {
  name: string;
  /** The file the runtime imports. */
  file: string;
  codeBytes: number;
  sourceMapBytes: number;
  /** The function's environment, as the template (and `sam local invoke`) would give it. */
  env: Record<string, string>;
}

/** What the Lambda runtime sets besides the function's own variables. */
const RUNTIME_ENV = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' };

async function sizes(file: string) {
  return { codeBytes: (await stat(file)).size, sourceMapBytes: (await stat(`${file}.map`).catch(() => ({ size: 0 }))).size };
}

/**
 * Synthesizes the CDK app into `outdir` (bundling every function as a deploy would) and
 * returns each function's bundle with its environment, local settings filled in where the
 * template has references (the table, the token issuer's parameters).
 */
export async function synthesizeFunctions(
  outdir: string,
  local: { dynamodbEndpoint: string; devKeys: DevKeys; signingKey: LocalSigningKey },
): Promise<Record<Operation, BuiltFunction>> {
  const { app } = createServiceApp({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
    builtinCloudFormationValidation: false,
  });
  app.synth();
  const envVars = localEnvVars(local);
  const built = await Promise.all(
    Object.values(readBundledFunctions(outdir, STACK_NAME)).map(
      async (fn): Promise<[Operation, BuiltFunction]> => [
        fn.operation,
        {
          name: fn.operation,
          file: fn.entryFile,
          ...(await sizes(fn.entryFile)),
          env: { ...RUNTIME_ENV, ...functionEnvironment(fn, envVars).environment },
        },
      ],
    ),
  );
  return Object.fromEntries(built) as Record<Operation, BuiltFunction>;
}

/**
 * The NodejsFunction options the stack sets, mapped to esbuild's; any other one is refused,
 * so that an option added to the stack cannot make the floor differ from the functions
 * unnoticed.
 */
export function esbuildOptionsOf(bundling: BundlingOptions): BuildOptions {
  const mapped = new Set(['format', 'target', 'mainFields', 'minify', 'sourceMap', 'sourcesContent', 'bundleAwsSDK', 'banner', 'logLevel']);
  const unmapped = Object.keys(bundling).filter((option) => !mapped.has(option));
  if (unmapped.length > 0) throw new Error(`The benchmark does not map these bundling options to esbuild yet: ${unmapped.join(', ')}`);
  if (!bundling.bundleAwsSDK) throw new Error('The benchmark assumes the AWS SDK is bundled (bundleAwsSDK)');
  return {
    bundle: true,
    platform: 'node',
    format: bundling.format,
    ...(bundling.target && { target: bundling.target }),
    ...(bundling.mainFields && { mainFields: [...bundling.mainFields] }),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    sourcesContent: bundling.sourcesContent ?? true,
    ...(bundling.banner && { banner: { js: bundling.banner } }),
    // What esbuild prints, not what it writes: CDK passes it as --log-level, and its values
    // are esbuild's own. Without one, esbuild's API default (warnings and errors), where the
    // CDK would leave esbuild's CLI default (info: a size table per bundle) — chatter only.
    logLevel: bundling.logLevel ?? 'warning',
  };
}

/** Bundles `entry` into `outRoot/<name>/index.mjs` as the stack bundles its functions. */
export async function bundleLikeTheStack(
  name: string,
  entry: string,
  outRoot: string,
  env: Record<string, string>,
  plugins: Plugin[] = [],
): Promise<BuiltFunction> {
  const file = join(outRoot, name.replaceAll(' ', '-'), 'index.mjs');
  await build({ ...esbuildOptionsOf(FUNCTION_BUNDLING), entryPoints: [entry], outfile: file, plugins });
  return { name, file, ...(await sizes(file)), env };
}

/** Whether two bundles hold the same code. */
export async function sameCode(a: BuiltFunction, b: BuiltFunction): Promise<boolean> {
  const [codeA, codeB] = await Promise.all([readFile(a.file), readFile(b.file)]);
  return codeA.equals(codeB);
}
