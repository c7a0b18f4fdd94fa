/**
 * Part 1's Tracer variant (bench/coldStart/coldStart.ts): an esbuild plugin that bundles createShare's
 * entry as deployed plus Powertools Tracer, imported and constructed at module scope as a
 * function using it would. Only the benchmark bundles it, to measure what Tracer would add to a
 * cold start; the product does not use Tracer (@aws-lambda-powertools/tracer is a
 * devDependency).
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAME } from '../../lambda/runtime/createRuntime.js';

export const CREATE_SHARE_ENTRY = fileURLToPath(new URL('../../lambda/functions/createShare.ts', import.meta.url));

const TRACER_OPTIONS: NonNullable<ConstructorParameters<typeof Tracer>[0]> = { serviceName: SERVICE_NAME };

/** Appends `new Tracer(…)` to createShare's entry. */
export const withPowertoolsTracer: Plugin = {
  name: 'with-powertools-tracer',
  setup(build) {
    build.onLoad({ filter: /\/functions\/createShare\.ts$/ }, async (args) => {
      if (args.path !== CREATE_SHARE_ENTRY) return undefined;
      const source = await readFile(args.path, 'utf8');
      return {
        contents:
          `${source}\nimport { Tracer } from '@aws-lambda-powertools/tracer';\n` +
          `export const tracer = new Tracer(${JSON.stringify(TRACER_OPTIONS)});\n`,
        loader: 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};
