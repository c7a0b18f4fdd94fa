import { describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { openSharing, shareRow, useConsoleScene, BROWSER_TEST_MS } from '../support/consoleBrowser.js';
import { OWNER, PARTNER, shareBody, sharesPath, SHARES } from '../support/fixtures.js';

// Browser globals: only the page.evaluate() callbacks use them, and those run in the page.
declare const document: any;

const scene = useConsoleScene();

/** The roles a person operates; each must have a name a screen reader can say. */
const INTERACTIVE = new Set([
  'button',
  'link',
  'textbox',
  'checkbox',
  'radio',
  'combobox',
  'searchbox',
  'spinbutton',
  'Date',
  'menuitem',
  'tab',
  'switch',
  'slider',
]);

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

/** The interactive nodes of the page's accessibility tree (Chromium's, over CDP) that have no name. */
async function unnamedControls(page: Page): Promise<{ roles: string[]; unnamed: string[] }> {
  const session = await page.context().newCDPSession(page);
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await session.detach();
  const controls = nodes.filter((node) => !node.ignored && INTERACTIVE.has(node.role?.value ?? ''));
  return {
    roles: [...new Set(controls.map((node) => node.role!.value!))],
    unnamed: controls.filter((node) => !node.name?.value?.trim()).map((node) => node.role!.value!),
  };
}

/** Presses Tab until `target` has the focus (at most 50 times). */
async function tabTo(page: Page, target: Locator, key = 'Tab'): Promise<void> {
  for (let presses = 0; presses < 50; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not reach ${target} with ${key}`);
}

describe('accessible names', () => {
  it(
    'every control of every page and dialog has one, in the accessibility tree',
    async () => {
      const owner = await scene().service.sign(OWNER);
      await scene().service.call('POST', SHARES, { token: owner, body: shareBody({ description: 'named' }) });
      await scene().service.call('POST', sharesPath('redis'), { token: owner, body: shareBody() });
      const page = await scene().newPage();
      const seen = new Set<string>();
      const check = async (where: string) => {
        const { roles, unnamed } = await unnamedControls(page);
        for (const role of roles) seen.add(role);
        expect({ where, unnamed }).toEqual({ where, unnamed: [] });
      };

      await page.goto(scene().consoleUrl);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await check('sign in');
      await scene().signIn(page, owner);
      await check('repositories');
      await openSharing(page, 'demo', 'nginx');
      await shareRow(page, 'partner').waitFor();
      await check('sharing');
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByRole('dialog').getByLabel('Until a date').check();
      await check('share dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Revoke the share with partner' }).click();
      await check('revoke dialog');
      await page.keyboard.press('Escape');

      const partnerPage = await scene().newPage();
      await scene().signIn(partnerPage, await scene().service.sign(PARTNER));
      await partnerPage.getByRole('link', { name: 'Shared with me' }).click();
      await partnerPage.getByRole('rowheader', { name: 'demo/redis' }).waitFor();
      const { unnamed } = await unnamedControls(partnerPage);
      expect(unnamed).toEqual([]);
      // The check saw the kinds of control the console has.
      expect([...seen]).toEqual(expect.arrayContaining(['button', 'link', 'textbox', 'radio']));
      await page.context().close();
      await partnerPage.context().close();
    },
    BROWSER_TEST_MS,
  );
});

describe('the keyboard alone', () => {
  it(
    'shares and revokes',
    async () => {
      const page = await scene().newPage();
      await scene().signIn(page);
      await tabTo(page, page.getByLabel('Repository'));
      await page.keyboard.type('keyboard');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Sharing: demo/keyboard' }).waitFor();

      await tabTo(page, page.getByRole('button', { name: 'Share', exact: true }));
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Share demo/keyboard' });
      await tabTo(page, dialog.getByLabel('Account'));
      await page.keyboard.type('keys');
      await tabTo(page, dialog.getByLabel('Description'));
      await page.keyboard.type('typed, not clicked');
      await tabTo(page, dialog.getByRole('button', { name: 'Share' }));
      await page.keyboard.press('Enter');
      await shareRow(page, 'keys').waitFor();
      const token = await scene().service.sign(OWNER);
      expect((await scene().service.call('GET', `${sharesPath('keyboard')}/keys`, { token })).body.description).toBe('typed, not clicked');

      await tabTo(page, page.getByRole('button', { name: 'Revoke the share with keys' }));
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: 'Revoke the share with keys?' });
      // Cancel has the focus first; the confirming button is one step back.
      await tabTo(page, confirm.getByRole('button', { name: 'Revoke' }), 'Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Revoked the share with keys.' }).waitFor();
      expect(await shareRow(page, 'keys').count()).toBe(0);
      expect((await scene().service.call('GET', `${sharesPath('keyboard')}/keys`, { token })).body).toEqual({ exist: false });
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});

describe('at 375 px wide', () => {
  it(
    'the pages and the Share dialog fit the width, the table scrolling within itself',
    async () => {
      const owner = await scene().service.sign(OWNER);
      await scene().service.call('POST', sharesPath('narrow'), {
        token: owner,
        body: shareBody({ description: 'a long description that would widen the page if it did not wrap '.repeat(3) }),
      });
      const page = await scene().newPage({ viewport: { width: 375, height: 740 } });
      const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
      await scene().signIn(page, owner);
      expect(await pageWidth()).toBeLessThanOrEqual(375);
      await openSharing(page, 'demo', 'narrow');
      await shareRow(page, 'partner').waitFor();
      expect(await pageWidth()).toBeLessThanOrEqual(375);
      const share = await page.getByRole('button', { name: 'Share', exact: true }).boundingBox();
      expect(share!.x + share!.width).toBeLessThanOrEqual(375);
      await page.getByRole('region', { name: 'Shares of demo/narrow' }).waitFor();
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      const dialog = await page.getByRole('dialog').boundingBox();
      expect(dialog!.x).toBeGreaterThanOrEqual(0);
      expect(dialog!.x + dialog!.width).toBeLessThanOrEqual(375);
      await scene().screenshot(page, 'share-dialog-375px');
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});
