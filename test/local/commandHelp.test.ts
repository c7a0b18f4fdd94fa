import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandFile } from '../support/startMain.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-help-'));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** Every command the README and docs/ name, by the file its npm script runs. */
const COMMANDS: [string, string][] = [
  ['start', 'local/main.ts'],
  ['token', 'local/iam/tokenCli.ts'],
  ['invoke', 'local/invoke/cli.ts'],
  ['sam-files', 'local/invoke/samFiles.ts'],
  ['dynamodb-local', 'local/store/dynamoDbLocalCli.ts'],
  ['registry-config', 'local/registry/registryConfigCli.ts'],
  ['registry', 'local/registry/registryCli.ts'],
  ['kms-local', 'local/registry/kmsStandInCli.ts'],
  ['registry-cert', 'local/registry/registryCertCli.ts'],
  ['access-key', 'local/accessKeys/accessKeyCli.ts'],
  ['audit', 'local/audit/auditCli.ts'],
  ['demo', 'local/demo/demoCli.ts'],
  ['demo-image', 'local/demo/demoImageCli.ts'],
  ['bench', 'bench/run.ts'],
];

/**
 * As long as runCommandFile waits: a command loads its modules before it reads its arguments
 * (the bench's harness takes seconds on a busy machine), beyond jest's default 5 s.
 */
const COMMAND_TIMEOUT_MS = 30_000;

describe.each(COMMANDS)('npm run %s', (name, file) => {
  it(
    '--help prints the usage, exits 0 and touches nothing',
    async () => {
      const dataDir = join(workDir, name);
      const run = runCommandFile(file, ['--help'], { DATA_DIR: dataDir, PORT: '0' });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^usage: .*npm (start|run (--silent )?${name})\\b`));
      expect(run.stderr).toBe('');
      await expect(readdir(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    },
    COMMAND_TIMEOUT_MS,
  );

  it(
    'refuses an unknown option with one line and the usage, exit code 2',
    () => {
      const run = runCommandFile(file, ['--no-such-option'], { DATA_DIR: join(workDir, name), PORT: '0' });
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Unknown option '--no-such-option'.*\nusage: /);
    },
    COMMAND_TIMEOUT_MS,
  );
});
