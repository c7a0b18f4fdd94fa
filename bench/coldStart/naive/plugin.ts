import type { Plugin } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '../../../lambda/operations/catalog.js';

const runtimeValidators = fileURLToPath(new URL('./runtimeValidators.ts', import.meta.url));
const NAMESPACE = 'runtime-compiled-validators';

/**
 * The module bundled instead of the generated validators: one export per operation of the
 * catalog, as the generated module has, each compiled when the bundle loads.
 */
function runtimeValidatorsModule(): string {
  return [
    `import { validatorOf } from ${JSON.stringify(runtimeValidators)};`,
    `export { validateTokenClaims } from ${JSON.stringify(runtimeValidators)};`,
    ...OPERATIONS.map((operation) => `export const ${operation} = validatorOf(${JSON.stringify(operation)});`),
  ].join('\n');
}

/** An esbuild plugin that bundles the validators compiled at load time instead of at build time. */
export const runtimeCompiledValidators: Plugin = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /\/schemas\/generated\/validators\.js$/ }, () => ({ path: 'validators', namespace: NAMESPACE }));
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
      contents: runtimeValidatorsModule(),
      resolveDir: dirname(runtimeValidators),
      loader: 'js',
    }));
  },
};
