import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '../../../lambda/audit/AuditEvent.js';
import { DEFAULT_REGISTRY_SERVICE } from '../../../lambda/registry/defaults.js';
import { OWNER, PARTNER, SHARES, shareBody, sharesPath } from '../../support/fixtures.js';
import { startTestService, type TestService } from '../../support/localService.js';
import { runCommandFile } from '../../support/startMain.js';

/**
 * The audit trail end to end: changes and grants made over HTTP with the real local server
 * are appended to DATA_DIR/audit.jsonl, and `npm run audit` reads them back, filtered.
 */

const CLI = 'local/audit/auditCli.ts';
const CLI_TIMEOUT_MS = 30_000;

let service: TestService;
let ownerToken: string;
let grantedAt: string;

beforeAll(async () => {
  service = await startTestService();
  ownerToken = await service.sign({ ...OWNER, user: 'olivia' });
  const expectStatus = async (status: number, answer: Promise<{ status: number }>) => expect((await answer).status).toBe(status);

  await expectStatus(201, service.call('POST', SHARES, { token: ownerToken, body: shareBody({ description: 'CI pulls' }) }));
  await expectStatus(409, service.call('POST', SHARES, { token: ownerToken, body: shareBody() }));
  await expectStatus(
    201,
    service.call('PATCH', `${SHARES}/partner`, { token: ownerToken, body: { permit: 'read', deadline: '2099-12-31' } }),
  );
  await expectStatus(201, service.call('POST', sharesPath('other'), { token: ownerToken, body: shareBody({ access_domain: 'third' }) }));
  const partnerToken = await service.sign(PARTNER);
  const granted = await fetch(`${service.url}/registry/token?service=${DEFAULT_REGISTRY_SERVICE}&scope=repository:demo/nginx:pull`, {
    headers: { Authorization: `Basic ${Buffer.from(`partner:${partnerToken}`).toString('base64')}` },
  });
  expect(granted.status).toBe(200);
  await expectStatus(204, service.call('DELETE', `${SHARES}/partner`, { token: ownerToken }));
  await expectStatus(404, service.call('DELETE', `${SHARES}/partner`, { token: ownerToken }));
  grantedAt = (await audit(['--json'])).events[3]!.time;
}, 60_000);
afterAll(() => service?.close());

async function audit(args: string[]) {
  const run = runCommandFile(CLI, args, { DATA_DIR: service.dataDir });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  return { lines, events: args.includes('--json') ? lines.map((line) => JSON.parse(line) as AuditEvent) : [] };
}

const summary = (events: AuditEvent[]) =>
  events.map((event) => `${event.audit} ${event.repository} ${'sharedWith' in event ? event.sharedWith : event.account}`);

describe('npm run audit', () => {
  it(
    'prints every change and grant that was made, oldest first, and nothing for those refused',
    async () => {
      const { events } = await audit(['--json']);
      expect(summary(events)).toEqual([
        'share.created demo/nginx partner',
        'share.updated demo/nginx partner',
        'share.created demo/other third',
        'token.granted demo/nginx partner',
        'share.revoked demo/nginx partner',
      ]);
      expect(events[1]).toMatchObject({
        account: 'owner',
        user: 'olivia',
        credential: 'token',
        accessKeyId: null,
        before: { permit: 'read', deadline: 'forever', description: 'CI pulls' },
        after: { permit: 'read', deadline: '2099-12-31', description: '' },
      });
      expect(events[3]).toMatchObject({ account: 'partner', user: 'pat', actions: ['pull'], shareDeadline: '2099-12-31' });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'prints one readable line per event by default',
    async () => {
      const { lines } = await audit([]);
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(
        /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}share\.created {2}demo\/nginx {2}with partner {2}by owner\/olivia \(token\) {2}read until forever "CI pulls" {2}request \S+$/,
      );
      expect(lines[3]).toMatch(
        / {2}token\.granted {2}demo\/nginx {2}pull {2}to partner\/pat {2}through a share until 2099-12-31 {2}request /,
      );
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'selects by repository, written with / or as the API’s paths write it',
    async () => {
      expect(summary((await audit(['--repository', 'demo/other', '--json'])).events)).toEqual(['share.created demo/other third']);
      expect((await audit(['--repository', 'demo/nginx', '--json'])).events).toHaveLength(4);
      expect((await audit(['--repository', 'demo/group$app'])).lines).toEqual([]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'selects by account: the one that acted, or the one a share was made for',
    async () => {
      expect(summary((await audit(['--account', 'THIRD', '--json'])).events)).toEqual(['share.created demo/other third']);
      expect((await audit(['--account', 'partner', '--json'])).events).toHaveLength(4);
      expect((await audit(['--account', 'owner', '--json'])).events).toHaveLength(4);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'selects from a time on, and combines the filters',
    async () => {
      // Whatever was done in the same millisecond as the grant is included with it.
      const fromGrant = (await audit(['--json'])).events.filter(({ time }) => time >= grantedAt);
      expect(summary(fromGrant).slice(-2)).toEqual(['token.granted demo/nginx partner', 'share.revoked demo/nginx partner']);
      expect(summary(fromGrant)).not.toContain('share.created demo/nginx partner');
      expect((await audit(['--since', grantedAt, '--json'])).events).toEqual(fromGrant);
      expect((await audit(['--since', '1h', '--json'])).events).toHaveLength(5);
      expect((await audit(['--since', '2999-01-01'])).lines).toEqual([]);
      expect(summary((await audit(['--since', grantedAt, '--account', 'owner', '--repository', 'demo/nginx', '--json'])).events)).toEqual([
        'share.revoked demo/nginx partner',
      ]);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses a filter it cannot read with one line and the usage, exit code 2',
    () => {
      for (const args of [['--since', 'yesterday'], ['--repository', 'nginx'], ['--account']]) {
        const run = runCommandFile(CLI, args, { DATA_DIR: service.dataDir });
        expect({ args, status: run.status, stdout: run.stdout }).toEqual({ args, status: 2, stdout: '' });
        expect(run.stderr).toMatch(/^.+\nusage: npm run --silent audit -- /);
      }
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'prints nothing, and succeeds, for a DATA_DIR whose server has made no change yet',
    () => {
      const run = runCommandFile(CLI, [], { DATA_DIR: `${service.dataDir}/nothing-here` });
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    },
    CLI_TIMEOUT_MS,
  );
});
