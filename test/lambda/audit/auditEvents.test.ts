import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { shareChangeEvent, tokenGrantEvent } from '../../../lambda/audit/auditEvents.js';
import { RequestTelemetry } from '../../../lambda/metrics/RequestTelemetry.js';
import type { Caller } from '../../../lambda/domain/permissions.js';

const CALLER: Caller = {
  domainId: 'owner-id',
  domainName: 'owner',
  userId: 'olivia-id',
  userName: 'olivia',
  namespaces: { demo: 'manage' },
  expiresAt: 1,
};
const AT = { now: new Date('2026-06-15T12:00:00.000Z'), requestId: 'req-1' };
const REF = { namespace: 'demo', repository: 'group/app', accessDomain: 'partner' };

describe('shareChangeEvent', () => {
  it('has every field of version 2, null where it does not apply, and nothing of the caller beyond names and ids', () => {
    const event = shareChangeEvent(
      'share.created',
      { caller: CALLER, credential: { kind: 'token' } },
      REF,
      { before: undefined, after: { permit: 'read', deadline: 'forever', description: '' } },
      AT,
    );
    expect(event).toEqual({
      audit: 'share.created',
      version: 2,
      time: '2026-06-15T12:00:00.000Z',
      requestId: 'req-1',
      account: 'owner',
      accountId: 'owner-id',
      user: 'olivia',
      userId: 'olivia-id',
      subject: 'owner/olivia',
      repository: 'demo/group/app',
      credential: 'token',
      accessKeyId: null,
      sharedWith: 'partner',
      before: null,
      after: { permit: 'read', deadline: 'forever', description: '' },
    });
  });

  it('names the access key, and keeps only the terms of what the store answered', () => {
    const stored = { permit: 'read' as const, deadline: '2027-01-01', description: 'x', claimedAt: 5, pk: 'REPO#demo/group/app' };
    const event = shareChangeEvent(
      'share.revoked',
      { caller: CALLER, credential: { kind: 'access key', accessKeyId: 'AKAKAKAKAKAKAKAKAKAK' } },
      REF,
      { before: stored, after: undefined },
      AT,
    );
    expect(event).toMatchObject({
      credential: 'access key',
      accessKeyId: 'AKAKAKAKAKAKAKAKAKAK',
      before: { permit: 'read', deadline: '2027-01-01', description: 'x' },
      after: null,
    });
    expect(event.before).toEqual({ permit: 'read', deadline: '2027-01-01', description: 'x' });
  });
});

describe('tokenGrantEvent', () => {
  it('says who pulled what through a share, until when', () => {
    expect(tokenGrantEvent(CALLER, 'demo/nginx', ['pull'], '2027-12-31', AT)).toEqual({
      audit: 'token.granted',
      version: 2,
      time: '2026-06-15T12:00:00.000Z',
      requestId: 'req-1',
      account: 'owner',
      accountId: 'owner-id',
      user: 'olivia',
      userId: 'olivia-id',
      subject: 'owner/olivia',
      repository: 'demo/nginx',
      actions: ['pull'],
      shareDeadline: '2027-12-31',
    });
  });
});

describe('the deployed trail, outside a request', () => {
  it('writes each event as one JSON line that reads back as the event, whatever text it holds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (user, description) => {
        const lines: string[] = [];
        const event = shareChangeEvent(
          'share.updated',
          { caller: { ...CALLER, userName: user }, credential: { kind: 'token' } },
          REF,
          { before: undefined, after: { permit: 'read', deadline: 'forever', description } },
          AT,
        );
        await new RequestTelemetry((line) => lines.push(line)).record(event);
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toMatch(/[\n\r]/);
        expect(JSON.parse(lines[0]!)).toEqual(event);
      }),
    );
  });
});
