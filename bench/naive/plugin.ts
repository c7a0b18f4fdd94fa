import type { Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

const runtimeValidators = fileURLToPath(new URL('./runtimeValidators.ts', import.meta.url));

/** An esbuild plugin that bundles the validators compiled at load time instead of at build time. */
export const runtimeCompiledValidators: Plugin = {
  name: 'runtime-compiled-validators',
  setup(build) {
    build.onResolve({ filter: /\/schemas\/generated\/validators\.js$/ }, () => ({ path: runtimeValidators }));
  },
};
