import { describe, expect, it } from '@jest/globals';
import { alertFields, openSharing, shareRow, useConsoleScene, BROWSER_TEST_MS } from '../support/consoleBrowser.js';
import { ErrorCodes } from '../../lambda/errors.js';
import { DEFAULT_REGISTRY_SERVICE } from '../../lambda/registry/defaults.js';
import { basicAuthorization } from '../support/signedCall.js';
import { NOW, OWNER, PARTNER, SHARES, shareBody, sharesPath } from '../support/fixtures.js';

// Browser globals: only the page.evaluate() callbacks use them, and those run in the page.
declare const document: any;

const scene = useConsoleScene();

describe('the Sharing page', () => {
  it(
    'shares forever and until a date, refuses a duplicate with its 409, edits the deadline and revokes after confirming',
    async () => {
      const page = await scene().newPage();
      await scene().signIn(page);
      await openSharing(page, 'demo', 'nginx');
      expect(await page.getByText('Accounts in force: 0 / 500').count()).toBe(1);

      await page.getByRole('button', { name: 'Share', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Share demo/nginx' });
      await dialog.getByLabel('Account').fill('partner');
      await dialog.getByLabel('Description').fill('CI pulls');
      expect(await dialog.getByText('8 / 1000 characters').count()).toBe(1);
      await scene().screenshot(page, 'share-dialog');
      await dialog.getByRole('button', { name: 'Share' }).click();
      await page.getByRole('status').filter({ hasText: 'Shared demo/nginx with partner.' }).waitFor();
      expect(await shareRow(page, 'partner').getByRole('cell').allTextContents()).toEqual(
        expect.arrayContaining(['Pull', 'Permanently valid', 'Permanent', 'CI pulls']),
      );

      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await dialog.getByLabel('Account').fill('tester');
      await dialog.getByLabel('Until a date').check();
      await dialog.getByLabel('Date (UTC)').fill('2026-07-31');
      await dialog.getByRole('button', { name: 'Share' }).click();
      await shareRow(page, 'tester').waitFor();
      expect((await scene().service.call('GET', `${SHARES}/tester`, { token: await scene().service.sign(OWNER) })).body.deadline).toBe(
        '2026-07-31',
      );
      expect(await page.getByText('Accounts in force: 2 / 500').count()).toBe(1);
      await scene().screenshot(page, 'sharing');

      // The same account again: the API's 409, its code and request id shown as they came.
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await dialog.getByLabel('Account').fill('partner');
      await dialog.getByRole('button', { name: 'Share' }).click();
      const conflict = await alertFields(dialog.getByRole('alert'));
      expect(conflict.error_code).toBe(ErrorCodes.shareExists);
      expect(conflict.error_msg).not.toBe('');
      expect(conflict['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: 'Edit the share with tester' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit the share with tester' });
      expect(await edit.getByLabel('Date (UTC)').inputValue()).toBe('2026-07-31');
      await edit.getByLabel('Date (UTC)').fill('2026-08-15');
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved the share with tester.' }).waitFor();
      expect(await shareRow(page, 'tester').getByRole('cell', { name: '2026-08-15 (UTC)' }).count()).toBe(1);

      await page.getByRole('button', { name: 'Revoke the share with tester' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke the share with tester?' });
      expect(await confirm.getByText('Account tester will no longer be able to pull demo/nginx.').count()).toBe(1);
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('status').filter({ hasText: 'Revoked the share with tester.' }).waitFor();
      expect(await shareRow(page, 'tester').count()).toBe(0);
      expect((await scene().service.call('GET', `${SHARES}/tester`, { token: await scene().service.sign(OWNER) })).body).toEqual({
        exist: false,
      });
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows the 404 of a share revoked meanwhile, when it is revoked again',
    async () => {
      const owner = await scene().service.sign(OWNER);
      expect((await scene().service.call('POST', SHARES, { token: owner, body: shareBody({ access_domain: 'twice' }) })).status).toBe(201);
      const page = await scene().newPage();
      await scene().signIn(page, owner);
      await openSharing(page, 'demo', 'nginx');
      await shareRow(page, 'twice').waitFor();
      expect((await scene().service.call('DELETE', `${SHARES}/twice`, { token: owner })).status).toBe(204);

      await page.getByRole('button', { name: 'Revoke the share with twice' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke the share with twice?' });
      await confirm.getByRole('button', { name: 'Revoke' }).click();
      const gone = await alertFields(confirm.getByRole('alert'));
      expect(gone.error_code).toBe(ErrorCodes.noSuchShare);
      expect(gone['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'renders a description holding markup as text',
    async () => {
      const owner = await scene().service.sign(OWNER);
      const markup = '<img src=x onerror=alert(1)>';
      await scene().service.call('POST', SHARES, { token: owner, body: shareBody({ access_domain: 'markup', description: markup }) });
      const page = await scene().newPage();
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await scene().signIn(page, owner);
      await openSharing(page, 'demo', 'nginx');
      expect(await shareRow(page, 'markup').getByRole('cell', { name: markup, exact: true }).count()).toBe(1);
      expect(await page.getByRole('img').count()).toBe(0);
      expect(dialogs).toBe(0);
      await scene().service.call('DELETE', `${SHARES}/markup`, { token: owner });
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows when a share was last relied on for a registry token, and by whom; "never" for one not used',
    async () => {
      const owner = await scene().service.sign(OWNER);
      const unused = sharesPath('alpine');
      const used = sharesPath('busybox');
      for (const path of [unused, used]) {
        expect((await scene().service.call('POST', path, { token: owner, body: shareBody() })).status).toBe(201);
      }
      // The partner's registry client asks for a pull of demo/busybox: the token service stamps that share.
      const query = new URLSearchParams({ service: DEFAULT_REGISTRY_SERVICE, scope: 'repository:demo/busybox:pull' });
      const token = await fetch(`${scene().service.url}/registry/token?${query}`, {
        headers: { Authorization: basicAuthorization('partner', await scene().service.sign(PARTNER)) },
      });
      expect(token.status).toBe(200);

      const page = await scene().newPage();
      await scene().signIn(page, owner);
      await openSharing(page, 'demo', 'busybox');
      expect(await page.getByRole('columnheader', { name: 'Last used' }).count()).toBe(1);
      const lastUsed = shareRow(page, 'partner')
        .getByRole('cell')
        .filter({ has: page.locator('time') })
        .last();
      expect(await lastUsed.textContent()).toBe('2026-06-15 12:00 UTC by partner/pat');
      // Each repository's page has its own address.
      await page.goto(`${scene().consoleUrl}#/repositories/demo/alpine`);
      await page.getByRole('heading', { name: 'Sharing: demo/alpine' }).waitFor();
      await shareRow(page, 'partner').waitFor();
      expect(await shareRow(page, 'partner').getByRole('cell', { name: 'never', exact: true }).count()).toBe(1);
      for (const path of [unused, used]) await scene().service.call('DELETE', `${path}/partner`, { token: owner });
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});

describe('signing in', () => {
  it(
    'keeps the token out of localStorage and cookies, after signing in and after a reload',
    async () => {
      const page = await scene().newPage();
      await scene().signIn(page);
      const stored = () => page.evaluate(() => ({ local: localStorage.length, cookies: document.cookie, session: sessionStorage.length }));
      expect(await stored()).toEqual({ local: 0, cookies: '', session: 1 });
      expect(await page.context().cookies()).toEqual([]);
      await page.reload();
      await page.getByRole('heading', { name: 'Repositories' }).waitFor();
      expect(await stored()).toEqual({ local: 0, cookies: '', session: 1 });
      expect(await page.context().cookies()).toEqual([]);
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'gets a token from the local IAM stand-in with a button',
    async () => {
      const page = await scene().newPage();
      await page.goto(scene().consoleUrl);
      await page.getByLabel('Account').fill('acme');
      await page.getByRole('button', { name: 'Get a local token' }).click();
      await page.getByRole('heading', { name: 'Repositories' }).waitFor();
      expect(await page.getByText('acme (account acme)').count()).toBe(1);
      expect(await page.getByLabel('Namespace').inputValue()).toBe('acme');
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'brings an expired token back to the sign-in page with the reason, and a link opens its page after signing in',
    async () => {
      // Expired by the server's token check (the real clock) and by the page's (NOW).
      const expired = await scene().service.sign({ ...OWNER, now: new Date(NOW.getTime() - 2 * 24 * 3600 * 1000) });
      const page = await scene().newPage();
      await page.goto(`${scene().consoleUrl}#/repositories/demo/nginx`);
      await page.getByLabel('X-Auth-Token').fill(expired);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const refusal = await alertFields(page.getByRole('alert'));
      expect(refusal.error_code).toBe(ErrorCodes.unauthenticated);
      expect(refusal['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(await page.getByRole('alert').getByText('Your token expired on 2026-06-14 12:00 UTC').count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      await page.getByLabel('X-Auth-Token').fill(await scene().service.sign(OWNER));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sharing: demo/nginx' }).waitFor();
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});

describe('Shared with me', () => {
  it(
    'lists, for the partner, the repository shared with it and its pull command',
    async () => {
      const owner = await scene().service.sign(OWNER);
      const redis = sharesPath('redis');
      expect((await scene().service.call('POST', redis, { token: owner, body: shareBody({ deadline: '2026-06-30' }) })).status).toBe(201);
      const page = await scene().newPage();
      await scene().signIn(page, await scene().service.sign(PARTNER));
      await page.getByRole('link', { name: 'Shared with me' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'demo/redis' }) });
      await row.waitFor();
      expect(await row.getByRole('cell', { name: 'owner', exact: true }).count()).toBe(1);
      expect(await row.getByText('docker pull demo/redis:latest').count()).toBe(1);
      expect(await row.getByRole('button', { name: 'Copy the pull command of demo/redis' }).count()).toBe(1);
      // The test server names no registry host, and the page says so.
      expect(await page.getByText('This deployment names no registry host').count()).toBe(1);
      // In force through 2026-06-30 UTC, seen at NOW (2026-06-15 12:00 UTC).
      expect(await row.getByText('15 days left').count()).toBe(1);
      expect(await row.getByRole('cell', { name: '2026-06-30 (UTC)' }).count()).toBe(1);
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});
