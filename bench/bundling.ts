/**
 * How a function becomes its deployed artefact, for the cold-start benchmark.
 *
 * Until the CDK app lands, these options mirror what its NodejsFunction does — esbuild,
 * minified, ESM, a linked source map, the AWS SDK bundled in, Node 22 — and this is the one
 * module to change when the benchmark switches to the stack's own bundling.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** NodejsFunction's esbuild command line for an ESM, minified, source-mapped function. */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies may still `require` Node's own modules.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The environment the stack gives every function, beside its own settings. */
export const LAMBDA_RUNTIME_ENV = { NODE_OPTIONS: '--enable-source-maps' } as const;

export interface BuiltFunction {
  name: string;
  /** The file the runtime imports. */
  file: string;
  codeBytes: number;
  sourceMapBytes: number;
  /** Environment variables of the function that affect loading (e.g. NODE_OPTIONS). */
  env: Record<string, string>;
}

/** Bundles `entry` into `outRoot/<name>/index.mjs` the way the stack does. */
export async function bundleFunction(
  name: string,
  entry: string,
  outRoot: string,
  plugins: Plugin[] = [],
): Promise<BuiltFunction> {
  const file = join(outRoot, name, 'index.mjs');
  await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [entry], outfile: file, plugins });
  return {
    name,
    file,
    codeBytes: (await stat(file)).size,
    sourceMapBytes: (await stat(`${file}.map`)).size,
    env: { ...LAMBDA_RUNTIME_ENV },
  };
}
