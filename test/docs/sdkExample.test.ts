import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestService, type TestService } from '../support/localService.js';

/**
 * The example for the official SWR Node SDK, taken from docs/using-the-api.md itself and run
 * as a reader runs it (`node share.mjs`, an ES module beside the SDK's packages) against the
 * local server, twice: the second run is the 409 it catches, on which the SDK would print a
 * dump of the request, signature included, unless its logger is silenced as the example does.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DOC_ENDPOINT = "'http://127.0.0.1:3000'";

/** The first `js` block of the section "With the official SWR Node SDK". */
async function docExample(): Promise<string> {
  const doc = await readFile(join(ROOT, 'docs/using-the-api.md'), 'utf8');
  const start = doc.indexOf('## With the official SWR Node SDK');
  if (start < 0) throw new Error('docs/using-the-api.md: no section "With the official SWR Node SDK"');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!example) throw new Error('docs/using-the-api.md: no js example under "With the official SWR Node SDK"');
  return example;
}

let service: TestService;
let workDir: string;
let example: string;
let key: { ak: string; sk: string };

beforeAll(async () => {
  service = await startTestService();
  workDir = await mkdtemp(join(tmpdir(), 'swr-doc-sdk-'));
  // Where a reader's `npm install` puts the SDK, log4js and uuid: here, the project's own.
  await symlink(join(ROOT, 'node_modules'), join(workDir, 'node_modules'));
  example = await docExample();
  // The key the docs make first (npm run access-key -- --domain owner --namespace demo:manage).
  const made = await service.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
    token: await service.sign({ domain: 'owner', namespaces: { demo: 'manage' } }),
    body: { credential: { user_id: 'owner-id', description: 'docs example' } },
  });
  expect(made.status).toBe(201);
  key = { ak: made.body.credential.access, sk: made.body.credential.secret };
}, 60_000);

afterAll(async () => {
  await service?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** `HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… node <file>`, the endpoint being the one change a reader makes. */
async function runExample(file: string, source: string) {
  await writeFile(join(workDir, file), source.replace(DOC_ENDPOINT, `'${service.url}'`));
  // Not spawnSync: the server answering it runs in this process.
  const child = spawn(process.execPath, [file], {
    cwd: workDir,
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: workDir, HUAWEICLOUD_SDK_AK: key.ak, HUAWEICLOUD_SDK_SK: key.sk },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { status, output };
}

describe("the docs' SDK example", () => {
  it('names the endpoint once, where a reader puts the server', () => {
    expect(example.split(DOC_ENDPOINT)).toHaveLength(2);
  });

  it('shares, then, run again, catches the 409; neither run prints a credential', async () => {
    const first = await runExample('share.mjs', example);
    expect(first).toEqual({ status: 0, output: "shared: 201\n[ 'partner until forever' ]\n" });

    const second = await runExample('share.mjs', example);
    expect(second).toEqual({
      status: 0,
      output: "already shared: SVCSTG.SWR.4090089 The repository has been shared with this account\n[ 'partner until forever' ]\n",
    });
    for (const output of [first.output, second.output]) {
      expect(output).not.toMatch(/Authorization|Signature/i);
      expect(output).not.toContain(key.ak);
      expect(output).not.toContain(key.sk);
    }
  }, 60_000);

  it('would print the signature on the 409 without its log4js line (so the test above can see it)', async () => {
    const unsilenced = example
      .split('\n')
      .filter((line) => !line.startsWith('log4js.configure('))
      .join('\n');
    expect(unsilenced).not.toBe(example);
    const run = await runExample('unsilenced.mjs', unsilenced);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/Authorization: 'SDK-HMAC-SHA256 Access=\w+, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}'/);
  }, 60_000);
});
