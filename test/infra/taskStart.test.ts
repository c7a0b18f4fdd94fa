import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryConfigYaml } from '../../infra/registry/registryConfig.js';
import { taskStartCommand } from '../../infra/registry/taskStart.js';

/**
 * The registry task's entrypoint, run as ECS runs it (`/bin/sh -c <script> task-start <args>`,
 * the variables ECS sets from the stack's parameter and secret), with a stand-in for the
 * registry binary that prints how it was called and what it finds.
 */

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIQ\n-----END CERTIFICATE-----';

let workDir: string;
let fakeRegistry: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'swr-task-start-'));
  fakeRegistry = join(workDir, 'fake-registry');
  await writeFile(fakeRegistry, '#!/bin/sh\necho "ran: $*"\n');
  await chmod(fakeRegistry, 0o755);
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The configuration the stack renders, its certificate file and config file in `dir`. */
function setup(dir: string) {
  const certificateFile = join(workDir, dir, 'certs', 'root-certificate.pem');
  const configFile = join(workDir, dir, 'etc', 'config.yml');
  const config = registryConfigYaml(
    {
      realm: 'https://api.example/prod/registry/token',
      service: 'swr-registry',
      issuer: 'swr-access-domains',
      rootCertBundle: certificateFile,
    },
    { s3: { region: 'eu-west-1', bucket: 'images' } },
  );
  return { certificateFile, configFile, config };
}

function taskStart(configFile: string, config: string, env: Record<string, string>) {
  const { entryPoint, command } = taskStartCommand(configFile, config, fakeRegistry);
  const [shell, ...shellArgs] = [...entryPoint, ...command];
  return spawnSync(shell!, shellArgs, { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });
}

describe('the task-start entrypoint', () => {
  it('writes the root certificate where the configuration says, the configuration where it is told, then runs `<registry> serve <file>`', async () => {
    const { certificateFile, configFile, config } = setup('ok');
    const result = taskStart(configFile, config, { ROOT_CERTIFICATE: PEM });
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: `ran: serve ${configFile}\n` });
    expect(await readFile(certificateFile, 'utf8')).toBe(PEM);
    expect(await readFile(configFile, 'utf8')).toBe(config);
    expect(JSON.parse(result.stderr)).toEqual({
      level: 'info',
      msg: `task start: wrote the configuration to ${configFile} and the root certificate to ${certificateFile}`,
    });
  });

  it.each([
    ['unset', {}, 'ROOT_CERTIFICATE is empty or unset'],
    ['empty', { ROOT_CERTIFICATE: '' }, 'ROOT_CERTIFICATE is empty or unset'],
    [
      'not a certificate',
      { ROOT_CERTIFICATE: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x' },
      'ROOT_CERTIFICATE holds no PEM certificate',
    ],
  ])('fails loudly when the certificate is %s: exit 1, one JSON line saying why, nothing written, no registry', (_, env, why) => {
    const { certificateFile, configFile, config } = setup(`missing-${Object.keys(env).length}-${why.length}`);
    const result = taskStart(configFile, config, env as Record<string, string>);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({ level: 'error', msg: expect.stringContaining(why) });
    expect(existsSync(certificateFile) || existsSync(configFile)).toBe(false);
  });

  it('fails loudly when the configuration names no root certificate file', () => {
    const { configFile, config } = setup('no-bundle');
    const result = taskStart(configFile, config.replace(/^ *rootcertbundle:.*\n/m, ''), { ROOT_CERTIFICATE: PEM });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stderr).msg).toBe('task start: the configuration names no auth.token.rootcertbundle');
    expect(existsSync(configFile)).toBe(false);
  });
});
