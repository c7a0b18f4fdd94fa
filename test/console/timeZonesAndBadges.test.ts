import { describe, expect, it } from '@jest/globals';
import type { Locator } from 'playwright-core';
import { openSharing, shareRow, useConsoleScene, BROWSER_TEST_MS } from '../support/consoleBrowser.js';
import { NOW, OWNER, shareBody, sharesPath } from '../support/fixtures.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// Browser globals: only the page.evaluate() callbacks use them, and those run in the page.
declare const getComputedStyle: any;

const scene = useConsoleScene();

describe('deadlines across time zones', () => {
  // UTC+14 and UTC−12: the same instant is two calendar days apart.
  it.each([
    ['UTC+14', 'Pacific/Kiritimati', 'tz-east'],
    ['UTC−12', 'Etc/GMT+12', 'tz-west'],
  ])(
    'at %s, "until 2027-12-31" is shown and sent as 2027-12-31',
    async (_offset, timezoneId, repository) => {
      const page = await scene().newPage({ timezoneId });
      await scene().signIn(page);
      await openSharing(page, 'demo', repository);
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Account').fill('partner');
      await dialog.getByLabel('Until a date').check();
      await dialog.getByLabel('Date (UTC)').fill('2027-12-31');
      await dialog.getByRole('button', { name: 'Share' }).click();
      const row = shareRow(page, 'partner');
      await row.waitFor();
      expect(await row.getByRole('cell', { name: '2027-12-31 (UTC)' }).count()).toBe(1);
      // The hover text gives the end of that UTC day in the browser's zone.
      expect(await row.getByTitle(/^In force until 2028-01-01 00:00 UTC/).count()).toBe(1);
      const shown = await scene().service.call('GET', `${sharesPath(repository)}/partner`, { token: await scene().service.sign(OWNER) });
      expect(shown.body.deadline).toBe('2027-12-31');
      await page.context().close();
    },
    BROWSER_TEST_MS,
  );
});

/** The hue (0–360°) of a CSS `rgb()` colour. */
function hueOf(color: string): number {
  const [r, g, b] = color
    .match(/\d+/g)!
    .slice(0, 3)
    .map((part) => Number(part) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const spread = max - Math.min(r, g, b);
  if (spread === 0) return Number.NaN;
  const hue = max === r ? ((g - b) / spread) % 6 : max === g ? (b - r) / spread + 2 : (r - g) / spread + 4;
  return (hue * 60 + 360) % 360;
}

const backgroundOf = (badge: Locator) => badge.evaluate((element) => getComputedStyle(element).backgroundColor);

describe('the remaining-time badge, with a fixed server clock', () => {
  it(
    'is green at 8 days, amber at 6 days and red once expired',
    async () => {
      const owner = await scene().service.sign(OWNER);
      const badges = sharesPath('badges');
      // Made at NOW; seen a day later, when 2026-06-15 has ended.
      for (const [account, deadline, description] of [
        ['eight', '2026-06-24', 'CI of the release team'],
        ['six', '2026-06-22', 'Trial until the contract is signed'],
        ['gone', '2026-06-15', 'Last audit'],
        ['mirror', 'forever', 'Mirrors the image to the DR region'],
      ] as const) {
        const body = shareBody({ access_domain: account, deadline, description });
        expect((await scene().service.call('POST', badges, { token: owner, body })).status).toBe(201);
      }
      scene().clock.now = new Date(NOW.getTime() + DAY_MS);
      try {
        // The size of docs/console.png, which is this page's screenshot.
        const page = await scene().newPage({ viewport: { width: 1000, height: 600 } });
        await scene().signIn(page, owner);
        await openSharing(page, 'demo', 'badges');
        const eight = shareRow(page, 'eight').getByText('8 days left');
        const six = shareRow(page, 'six').getByText('6 days left');
        const gone = shareRow(page, 'gone').getByText('Expired');
        await eight.waitFor();
        const green = hueOf(await backgroundOf(eight));
        const amber = hueOf(await backgroundOf(six));
        const red = hueOf(await backgroundOf(gone));
        expect(green).toBeGreaterThan(90);
        expect(green).toBeLessThan(160);
        expect(amber).toBeGreaterThan(30);
        expect(amber).toBeLessThan(60);
        expect(red < 15 || red > 345).toBe(true);
        // The expired share is not counted against the limit.
        expect(await page.getByText('Accounts in force: 3 / 500').count()).toBe(1);
        await scene().screenshot(page, 'badges');
        await page.context().close();
      } finally {
        scene().clock.now = NOW;
      }
    },
    BROWSER_TEST_MS,
  );
});
