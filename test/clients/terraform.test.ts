/**
 * What the SWR Terraform provider's sharing resource relies on (docs/access-domains.md §8), over plain HTTP:
 * it sends `deadline` as `YYYY-MM-DDT00:00:00Z` or `forever` and compares the first ten
 * characters of what it reads back; it drops the resource on a 404 or on `exist: false`;
 * it accepts only 201 from PATCH; and its Go client decodes the body of every answer but a
 * 204, so that body must be JSON. One of the providers builds every URL with `repos`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SHARES, sharesPath } from '../support/fixtures.js';
import { startTestService, type TestService } from '../support/localService.js';

const SHARES_VIA_REPOS = sharesPath('nginx', 'demo', 'repos');
const DATE = '2099-06-30';
const TERRAFORM_DEADLINE = `${DATE}T00:00:00Z`;

let service: TestService;
let token: string;

beforeAll(async () => {
  service = await startTestService();
  token = await service.sign({ domain: 'owner', namespaces: { demo: 'manage' } });
});
afterAll(() => service?.close());

const create = (accessDomain: string, deadline = TERRAFORM_DEADLINE, base = SHARES) =>
  service.call('POST', base, { token, body: { access_domain: accessDomain, permit: 'read', deadline } });
const show = (accessDomain: string, base = SHARES) => service.call('GET', `${base}/${accessDomain}`, { token });
const update = (accessDomain: string, deadline: string, base = SHARES) =>
  service.call('PATCH', `${base}/${accessDomain}`, { token, body: { permit: 'read', deadline } });
const remove = (accessDomain: string, base = SHARES) => service.call('DELETE', `${base}/${accessDomain}`, { token });

/** Go clients decode every answer but a 204 as JSON: it must say so and not be empty. */
function expectJsonEmptyObject(answer: { headers: Headers; rawBody: string }) {
  expect(answer.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
  expect(answer.rawBody).toBe('{}');
}

describe('what the SWR Terraform provider relies on', () => {
  it('reads back a YYYY-MM-DDT00:00:00Z deadline as sent, its first ten characters the date', async () => {
    expect((await create('tf-deadline')).status).toBe(201);
    const answer = await show('tf-deadline');
    expect(answer.status).toBe(200);
    expect(answer.body.deadline).toBe(TERRAFORM_DEADLINE);
    expect(answer.body.deadline.slice(0, 10)).toBe(DATE);
  });

  it('round-trips forever, on create and on update', async () => {
    expect((await create('tf-forever', 'forever')).status).toBe(201);
    expect((await show('tf-forever')).body.deadline).toBe('forever');
    expect((await update('tf-forever', TERRAFORM_DEADLINE)).status).toBe(201);
    expect((await show('tf-forever')).body.deadline).toBe(TERRAFORM_DEADLINE);
    expect((await update('tf-forever', 'forever')).status).toBe(201);
    expect((await show('tf-forever')).body.deadline).toBe('forever');
  });

  it('PATCH answers exactly 201 with the body {}', async () => {
    await create('tf-patch');
    const answer = await update('tf-patch', 'forever');
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({});
  });

  it('DELETE of a missing share answers 404 with errorCode SVCSTG.SWR.4040089', async () => {
    const answer = await remove('tf-never-created');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ errorCode: 'SVCSTG.SWR.4040089', error_code: 'SVCSTG.SWR.4040089' });
  });

  it('show of a missing share answers 200 {"exist": false}', async () => {
    const answer = await show('tf-never-created');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ exist: false });
  });

  it('POST and PATCH answer with Content-Type application/json and the non-empty body {}', async () => {
    expectJsonEmptyObject(await create('tf-bodies'));
    expectJsonEmptyObject(await update('tf-bodies', 'forever'));
  });

  it('every answer carries an X-Request-Id header, a new one each time', async () => {
    const answers = [
      await create('tf-request-id'),
      await service.call('GET', SHARES, { token }),
      await show('tf-request-id'),
      await update('tf-request-id', 'forever'),
      await remove('tf-request-id'),
      await remove('tf-request-id'),
      await service.call('POST', SHARES, { token, body: { access_domain: 'tf-x', permit: 'READ', deadline: 'forever' } }),
      await service.call('GET', SHARES),
      await service.call('GET', '/v2/manage/no-such-route', { token }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200, 201, 204, 404, 400, 401, 404]);
    const requestIds = answers.map((answer) => answer.headers.get('x-request-id'));
    for (const requestId of requestIds) expect(requestId).toBeTruthy();
    expect(new Set(requestIds).size).toBe(answers.length);
  });

  it('a 204 has no body and no Content-Type', async () => {
    await create('tf-no-content');
    const answer = await remove('tf-no-content');
    expect(answer.status).toBe(204);
    expect(answer.rawBody).toBe('');
    expect(answer.headers.get('content-type')).toBeNull();
  });

  it('the repos alias serves all five operations, over the same shares', async () => {
    expect((await create('tf-alias', TERRAFORM_DEADLINE, SHARES_VIA_REPOS)).status).toBe(201);
    const list = await service.call('GET', SHARES_VIA_REPOS, { token });
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual(expect.objectContaining({ access_domain: 'tf-alias', repository: 'nginx' }));
    expect((await show('tf-alias', SHARES_VIA_REPOS)).body).toMatchObject({ exist: true, deadline: TERRAFORM_DEADLINE });
    expect((await update('tf-alias', 'forever', SHARES_VIA_REPOS)).status).toBe(201);
    expect((await show('tf-alias')).body).toMatchObject({ exist: true, deadline: 'forever' });
    expect((await remove('tf-alias', SHARES_VIA_REPOS)).status).toBe(204);
    expect((await show('tf-alias')).body).toEqual({ exist: false });
  });
});
