import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareChangeEvent } from '../../../lambda/audit/auditEvents.js';
import type { AuditEvent } from '../../../lambda/audit/AuditEvent.js';
import { readAuditFile } from '../../../local/audit/auditFile.js';
import { FileAuditTrail } from '../../../local/audit/FileAuditTrail.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swr-audit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const CALLER = { domainId: 'owner-id', domainName: 'owner', userId: 'olivia-id', userName: 'olivia', namespaces: {} };

function event(n: number): AuditEvent {
  return shareChangeEvent(
    'share.created',
    { caller: CALLER, credential: { kind: 'token' } },
    { namespace: 'demo', repository: 'nginx', accessDomain: `partner-${n}` },
    { before: undefined, after: { permit: 'read', deadline: 'forever', description: 'x'.repeat(n * 100) } },
    { now: new Date('2026-06-15T12:00:00Z'), requestId: `request-${n}` },
  );
}

const silent = { error: () => undefined };

describe('FileAuditTrail', () => {
  it('appends each event as one JSON line, in the order recorded, however many are recorded at once', async () => {
    const file = join(dir, 'concurrent.jsonl');
    const trail = new FileAuditTrail(file, silent);
    const events = Array.from({ length: 50 }, (_, n) => event(n));
    await Promise.all(events.map((one) => trail.record(one)));
    expect(await readAuditFile(file)).toEqual({ events, skipped: 0 });
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(51);
    // Owner-only: it says who shared what with whom.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('keeps what is there: a restarted server appends to the same file', async () => {
    const file = join(dir, 'restart.jsonl');
    await new FileAuditTrail(file, silent).record(event(1));
    await new FileAuditTrail(file, silent).record(event(2));
    expect((await readAuditFile(file)).events.map(({ requestId }) => requestId)).toEqual(['request-1', 'request-2']);
  });

  it('logs an event it cannot write rather than fail the change it records, and goes on writing', async () => {
    const errors: unknown[][] = [];
    const file = join(dir, 'not-a-folder', 'audit.jsonl');
    await writeFile(join(dir, 'not-a-folder'), 'a file in the way');
    const trail = new FileAuditTrail(file, { error: (...args: unknown[]) => void errors.push(args) });
    await expect(trail.record(event(3))).resolves.toBeUndefined();
    expect(errors).toEqual([['audit event not written', { error: expect.objectContaining({ code: 'ENOTDIR' }), auditEvent: event(3) }]]);
    await expect(trail.record(event(4))).resolves.toBeUndefined();
    expect(errors).toHaveLength(2);
    // Events recorded at once share an append; each one that fails is logged, none is lost.
    const together = [5, 6, 7, 8].map(event);
    await Promise.all(together.map((one) => trail.record(one)));
    expect(errors.slice(2).map(([, fields]) => (fields as { auditEvent: AuditEvent }).auditEvent)).toEqual(together);
  });

  it('goes on appending once the file can be written again', async () => {
    const folder = join(dir, 'comes-later');
    const file = join(folder, 'audit.jsonl');
    const errors: unknown[] = [];
    const trail = new FileAuditTrail(file, { error: (...args: unknown[]) => void errors.push(args) });
    await trail.record(event(1));
    expect(errors).toHaveLength(1);
    await mkdir(folder);
    await Promise.all([2, 3, 4].map((n) => trail.record(event(n))));
    expect((await readAuditFile(file)).events).toEqual([2, 3, 4].map(event));
    expect(errors).toHaveLength(1);
  });
});

describe('readAuditFile', () => {
  it('reads no event from a missing file, and skips lines that are not events', async () => {
    expect(await readAuditFile(join(dir, 'none.jsonl'))).toEqual({ events: [], skipped: 0 });
    const file = join(dir, 'damaged.jsonl');
    await writeFile(file, `${JSON.stringify(event(1))}\n{"audit":"share.cre\nnot json\n{"other":1}\n\n${JSON.stringify(event(2))}\n`);
    expect(await readAuditFile(file)).toEqual({ events: [event(1), event(2)], skipped: 3 });
  });
});
