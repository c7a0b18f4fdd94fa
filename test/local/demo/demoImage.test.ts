import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isOnPath } from '../../../local/cli/onPath.js';
import { createSkopeo, type Skopeo } from '../../../local/registry/clients/skopeo.js';

/**
 * `npm run --silent demo-image -- --out nginx.tar`, taken from the registry
 * walk-through (docs/registries.md) and run as printed (through npm, from another folder), gives the image the
 * walk-through's next command pushes: a docker-archive skopeo reads.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const withSkopeo = isOnPath('skopeo') ? describe : describe.skip;

/** The shell block of docs/registries.md's section "On one machine" that plays the whole flow. */
async function walkThrough(): Promise<string> {
  const doc = await readFile(join(ROOT, 'docs/registries.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## On one machine: a registry that follows the shares'));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const flow = blocks.find((block) => block.includes('skopeo copy'));
  if (!flow) throw new Error('docs/registries.md: no skopeo walk-through under "On one machine"');
  return flow;
}

let workDir: string;
let skopeo: Skopeo;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-demo-image-'));
  // skopeo runs as nobody when the tests run as root: it must reach the image.
  await chmod(workDir, 0o755);
  skopeo = await createSkopeo(join(workDir, 'skopeo'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

describe('the registry walk-through gets its image from npm run demo-image', () => {
  let command: string;
  beforeAll(async () => {
    const flow = await walkThrough();
    command = flow.split('\n').find((line) => line.startsWith('npm run --silent demo-image'))!;
    // Then pushes what it wrote.
    expect(flow.indexOf('docker-archive:nginx.tar docker://127.0.0.1:5000/demo/nginx:1')).toBeGreaterThan(flow.indexOf(command));
  });

  withSkopeo('with skopeo', () => {
    it('writes, as printed, a docker-archive of one layer in the folder it is typed in, which skopeo reads', async () => {
      expect(command).toBe('npm run --silent demo-image -- --out nginx.tar');
      const [npm, ...args] = command.split(' ');
      // npm finds the project by --prefix, as it would by the folder; the file lands where the command was typed.
      const run = spawnSync(npm!, ['--prefix', ROOT, ...args], {
        cwd: workDir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toBe(
        'nginx.tar: a docker-archive of one small layer; skopeo copy docker-archive:nginx.tar docker://… pushes it\n',
      );

      const inspected = await skopeo.run(['inspect', `docker-archive:${join(workDir, 'nginx.tar')}`]);
      expect({ code: inspected.code, stderr: inspected.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(inspected.stdout)).toMatchObject({
        Architecture: 'amd64',
        Os: 'linux',
        Layers: [expect.stringMatching(/^sha256:[0-9a-f]{64}$/)],
      });
      // Its layer too: skopeo copies the whole image out of it.
      const copied = await skopeo.run([
        'copy',
        `docker-archive:${join(workDir, 'nginx.tar')}`,
        `dir:${join(workDir, 'skopeo', 'pulled', 'copy')}`,
      ]);
      expect({ code: copied.code, stderr: copied.stderr }).toEqual({ code: 0, stderr: '' });
    }, 90_000);
  });

  it('--out is required', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'local/demo/demoImageCli.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^--out <file> is required\nusage: npm run --silent demo-image/);
  }, 30_000);
});
