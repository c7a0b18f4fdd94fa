/**
 * `npm run --silent demo-image -- --out <file>`: writes the demo image, a docker-archive
 * skopeo reads (`docker-archive:<file>`), for the registry walk-through (docs/registries.md); no Docker, no network.
 */
import { resolve } from 'node:path';
import { runCommandLine, UsageError } from '../cli/command.js';
import { writeDemoImage } from './demoImage.js';

const usage = `usage: npm run --silent demo-image -- --out <file>
Writes a small image (one layer, one text file) as a docker-archive, the format of
docker save: push it with skopeo copy docker-archive:<file> docker://<registry>/<ns>/<repo>:<tag>.
Made here, without Docker or the network.`;

await runCommandLine('demo-image', { usage, options: { out: { type: 'string' } } }, async ({ values }) => {
  if (!values.out) throw new UsageError('--out <file> is required');
  // npm runs scripts in the package's folder; INIT_CWD is where the user typed the command,
  // which is where the walk-through's next command (skopeo copy docker-archive:nginx.tar …) looks.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  await writeDemoImage(file);
  console.log(`${values.out}: a docker-archive of one small layer; skopeo copy docker-archive:${values.out} docker://… pushes it`);
});
