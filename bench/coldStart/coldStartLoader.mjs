// A fresh process's first steps as the Lambda runtime takes them: import the function's
// bundle and check that `handler` is there. Prints one line when ready, then exits.
// Plain JavaScript, so that no TypeScript loader adds to what is measured.
import { pathToFileURL } from 'node:url';

const importStarted = performance.now();
const bundle = await import(pathToFileURL(process.argv[2]).href);
if (typeof bundle.handler !== 'function') {
  console.error(`${process.argv[2]} exports no handler function`);
  process.exit(2);
}
const readyAt = performance.now(); // since this process started
process.stdout.write(`${JSON.stringify({ importMs: readyAt - importStarted, sinceProcessStartMs: readyAt })}\n`);
process.exit(0);
