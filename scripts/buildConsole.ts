/**
 * Bundles the web console (console/) into console/dist/: one script and one style sheet,
 * minified, with no framework and nothing fetched from elsewhere. Run by `npm run build`
 * (so by npm start, npm test, typecheck) and before the CDK app (cdk.json), which puts the
 * files behind API Gateway. `--sizes` prints their sizes, which docs/console.md quotes.
 */
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { CONSOLE_BUILD_DIR } from '../infra/console/consolePage.js';
import { builtConsoleSize } from './consoleSize.js';

const source = fileURLToPath(new URL('../console/', import.meta.url));

const common: BuildOptions = {
  bundle: true,
  minify: true,
  // ASCII only: API Gateway's templates carry the files as base64 of these bytes.
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...common, entryPoints: { console: `${source}main.ts` }, outdir: CONSOLE_BUILD_DIR, format: 'iife', target: 'es2022' });
await build({ ...common, entryPoints: { console: `${source}console.css` }, outdir: CONSOLE_BUILD_DIR });

if (process.argv.includes('--sizes')) {
  const { kib, gzippedKib } = builtConsoleSize();
  console.log(`console: ${kib.toFixed(1)} KiB (page, script, style sheet), ${gzippedKib.toFixed(1)} KiB gzipped`);
}
